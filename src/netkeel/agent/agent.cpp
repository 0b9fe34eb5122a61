#include "netkeel/agent/agent.hpp"

#include <malloc.h>
#include <signal.h>
#include <sys/signalfd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "netkeel/core/fnv1a.hpp"
#include "netkeel/agent/flap_damping_check.hpp"
#include "netkeel/agent/metrics_server.hpp"
#include "netkeel/agent/shipping.hpp"
#include "netkeel/agent/shipping_lag_log.hpp"
#include "netkeel/agent/trouble_reports.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/log.hpp"
#include "netkeel/core/unique_fd.hpp"
#include "netkeel/core/version.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::agent {

uint64_t agent_seed(const std::string& site, const std::string& host) {
  return fnv1a_64(site + "\n" + host);
}

namespace {

probe::ScheduleOptions schedule_of(const AgentOptions& o, const std::string& site) {
  probe::ScheduleOptions s;
  s.interval = o.interval;
  s.jitter = o.jitter;
  s.max_probes_per_second = o.max_probes_per_second;
  s.seed = agent_seed(site, o.host);
  s.probes_per_target = o.rounds;
  return s;
}

PlanSource plan_source_of(const AgentOptions& o) {
  if (!o.site_from) return PlanSource(o.site_file);
  return PlanSource(std::make_unique<ServedSiteSource>(std::make_unique<http::CurlHttpClient>(o.shipping.tls),
                                                       *o.site_from, [](const std::string& line) { log::warning(line); }));
}

}  // namespace

Agent::Agent(AgentOptions options, AgentParts parts)
    : options_(std::move(options)),
      clock_(parts.clock),
      parts_(std::move(parts)),
      plan_source_(plan_source_of(options_)),
      link_states_(clock_, options_.flap_damping) {
  if (options_.timeout <= Nanoseconds(0)) throw UsageError("--timeout must be positive");
  check_flap_damping(options_.flap_damping);  // not at an interface's first event, hours later
  if (!plan_source_.plan().find_host(options_.host)) {
    std::string names;
    for (const auto& h : plan_source_.plan().hosts) names += (names.empty() ? "" : ", ") + h.name;
    throw UsageError("no host '" + options_.host + "' in " + plan_source_.describe() + "; its hosts are: " + names);
  }
  if (!parts_.responder || !parts_.links || !parts_.collectors || !parts_.waiter) {
    throw std::logic_error("Agent: every part (responder, links, collectors, waiter) must be given");
  }
  std::map<probe::ProbeKind, probe::Prober*> probers;
  for (auto& [kind, prober] : parts_.probers) probers[kind] = prober.get();
  engine_ = std::make_unique<probe::ProbeEngine>(clock_, schedule_of(options_, plan_source_.plan().site),
                                                 options_.timeout, probers);
  set_targets(plan_source_.plan());
  if (parts_.keeper) {
    keeper_counters_.emplace();
    keeper_log_.emplace(parts_.keeper->options().url);
  }
}

Agent::~Agent() = default;

void Agent::set_targets(const plan::ClusterPlan& plan) {
  probe::ProbeTargetOptions t;
  t.responder_port = options_.responder_port;
  t.icmp = options_.icmp;
  t.udp = options_.udp;
  t.tcp = options_.tcp;
  t.pmtu = options_.pmtu;
  if (!options_.rounds)
    t.pmtu_every = uint32_t(std::clamp<double>(std::round(double(options_.pmtu_interval.count()) / double(options_.interval.count())), 1, 1e6));
  engine_->set_targets(probe::probe_targets(plan, options_.host, t));
}

void Agent::collect_into(AgentSnapshot& s) {
  s.site = plan_source_.plan().site;
  s.host = options_.host;
  s.version = std::string(netkeel_version());
  parts_.collectors->collect(s);
  s.link_events = events_;
  s.link_transitions = transitions_;
  s.responder_answered_total = parts_.responder->answered_total();
  s.send_times = engine_->send_time_counts();
  s.link_states = link_states_.states();
  s.link_state_events = state_events_;
}

// The keeper's page read since the last report goes into this report; the next read starts now, on the
// scraper's thread, and is taken at the next report (keeper_scraper.hpp).
void Agent::take_keeper_scrape(AgentSnapshot& s) {
  if (auto scrape = parts_.keeper->take()) {
    keeper_counters_->observe(*scrape);
    if (auto line = keeper_log_->observe(*scrape, clock_.now())) log::write(line->level, line->message);
    if (scrape->ok()) s.keeper_scrape = std::move(scrape);
  }
  s.keeper_scrapes = keeper_counters_;
  parts_.keeper->request(std::chrono::duration_cast<std::chrono::milliseconds>(unix_nanoseconds(clock_.wall_now())).count());
}

void Agent::poll_link_states() {
  for (auto& e : link_states_.poll(unix_nanoseconds(clock_.wall_now()))) {
    log::info(store::to_string(e.kind) + " " + e.interface);
    state_events_.push_back(std::move(e));
  }
}

void Agent::take_link_events() {
  for (auto& e : parts_.links->take_events()) {
    log::info("link " + e.name + (e.removed ? " removed" : e.up ? " up" : " down"));
    ++transitions_[e.name];
    for (auto& damped : link_states_.observe(e)) {
      log::warning(store::to_string(damped.kind) + " " + damped.interface);
      state_events_.push_back(std::move(damped));
    }
    events_.push_back(std::move(e));
  }
}

int Agent::wait_milliseconds() const {
  auto next = engine_->next_wakeup();
  if (auto link = link_states_.next_deadline(); link && (!next || *link < *next)) next = link;  // a held up is due
  if (auto echo = responder_schedule_.deadline(); echo && (!next || *echo < *next)) next = echo;
  if (!next) return 100;
  const auto wait = *next - clock_.now();
  if (wait <= Nanoseconds(0)) return 0;
  return int(std::min<int64_t>(1000, (wait.count() + 999'999) / 1'000'000));  // round up: never spin early
}

bool Agent::handle_ready(int timeout_ms) {
  const std::vector<LoopSource> ready = parts_.waiter->wait(timeout_ms);
  bool awake_anyway = ready.empty();  // a timeout: the probe grid, a deadline
  bool keep_running = true;
  for (const LoopSource source : ready) {
    if (source != LoopSource::responder) awake_anyway = true;
    switch (source) {
      case LoopSource::probers: break;  // tick() below takes every prober's replies first: one read, not two
      case LoopSource::responder: responder_schedule_.arrived(clock_.now()); break;
      case LoopSource::links: take_link_events(); break;
      case LoopSource::signal: keep_running = false; break;
    }
  }
  if (awake_anyway) {  // a wakeup only to note waiting UDP probes does nothing else: nothing is due
    engine_->tick();
    poll_link_states();
  }
  if (responder_schedule_.answer_now(clock_.now(), awake_anyway)) answer_responder();
  return keep_running;
}

void Agent::answer_responder() {
  parts_.responder->answer_pending();
  responder_schedule_.answered();
  parts_.waiter->rearm(parts_.responder->poll_fd(), LoopSource::responder);  // quiet until then
}

AgentSnapshot Agent::run_once() {
  // Every prober wakes the loop: the rounds end as soon as the last reply is in.
  for (auto& [kind, p] : parts_.probers) parts_.waiter->watch(p->poll_fd(), LoopSource::probers);
  parts_.waiter->watch(parts_.responder->poll_fd(), LoopSource::responder, true);
  parts_.waiter->watch(parts_.links->poll_fd(), LoopSource::links);
  engine_->tick();
  while (!engine_->finished() && handle_ready(wait_milliseconds())) {
  }
  AgentSnapshot s;
  s.probes = engine_->results();
  collect_into(s);
  return s;
}

void Agent::reload_plan_if_changed() {
  std::string error;
  if (auto plan = plan_source_.reload_if_changed(error)) {
    set_targets(*plan);
    log::info("site changed (sha256 " + plan_source_.hash().substr(0, 12) + " from " + plan_source_.describe() +
              "); targets follow the new plan");
  } else if (!error.empty()) {
    log::error("site changed but is not usable; keeping the last plan:\n" + error);
  }
}

void Agent::run() {
  // Buffers of 128 KiB and more (a report's probe results, a scrape's page) get pages of their own,
  // returned when freed. By default glibc raises this bound to the largest such buffer freed so far,
  // after which the next ones come from the heap of whichever thread freed them, which keeps their pages.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  sigprocmask(SIG_BLOCK, &mask, nullptr);  // before the metrics thread starts: it inherits the mask
  const UniqueFd signal_fd(signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
  if (signal_fd.get() < 0) throw RuntimeError(std::string("signalfd: ") + std::strerror(errno));
  parts_.waiter->watch(signal_fd.get(), LoopSource::signal);
  std::unique_ptr<MetricsServer> metrics;
  if (!options_.metrics_address.empty()) metrics = std::make_unique<MetricsServer>(options_.metrics_address);
  std::unique_ptr<Shipping> shipping;
  if (!options_.shipping.server_url.empty()) {
    ShippingOptions shipping_options = options_.shipping;
    shipping_options.backoff_seed = agent_seed(plan_source_.plan().site, options_.host);  // agents retry apart
    shipping = std::make_unique<Shipping>(shipping_options, clock_);
  }
  AgentOutputs outputs;
  if (metrics) outputs.publish = [&](std::shared_ptr<const AgentSnapshot> s) { metrics->publish(std::move(s)); };
  if (shipping) {
    outputs.ship = [&](const AgentSnapshot& s) { shipping->ship(s); };
    outputs.shipping_counters = [&] { return shipping->counters(); };
  }
  serve(outputs, [] { return true; });
}

void Agent::serve(const AgentOutputs& outputs, const std::function<bool()>& keep_running) {
  // /metrics renders each scrape from the last published snapshot (metrics_server.hpp); a published
  // snapshot is never changed, so a link event publishes a changed copy.
  std::shared_ptr<const AgentSnapshot> last;
  auto show = [&](std::shared_ptr<AgentSnapshot> s) {
    if (outputs.shipping_counters) s->shipping = outputs.shipping_counters();  // fresh on every publication
    last = std::move(s);
    outputs.publish(last);
  };
  ShippingLagLog shipping_lag;
  size_t published_events = 0;  // raw + damped link events the page has seen since the last report
  // A prober whose replies carry kernel timestamps is read when the loop wakes anyway (to send or to
  // expire, every 50 ms in a busy mesh), not once per reply: at 800 probes/s that is 20 wakeups a
  // second instead of up to 800 (Prober::stamps_replies).
  for (auto& [kind, p] : parts_.probers)
    if (!p->stamps_replies()) parts_.waiter->watch(p->poll_fd(), LoopSource::probers);
  // Peers' UDP probes gather for up to one step of the probe grid (50 ms at the default interval) and
  // are answered together, so that in a busy mesh they go out with the wakeups the loop has anyway.
  responder_schedule_ = ResponderSchedule(engine_->wake_granularity());
  parts_.waiter->watch(parts_.responder->poll_fd(), LoopSource::responder, true);
  parts_.waiter->watch(parts_.links->poll_fd(), LoopSource::links);

  auto publish = [&](std::vector<probe::TargetResult> probes) {
    auto snapshot = std::make_shared<AgentSnapshot>();
    AgentSnapshot& s = *snapshot;
    s.probes = std::move(probes);
    collect_into(s);  // with the raw and damped link events since the last report
    if (parts_.keeper) take_keeper_scrape(s);
    // Taken: the daemon keeps no event history (the page shows counts and states), so the lists
    // never grow with the uptime.
    events_.clear();
    state_events_.clear();
    published_events = 0;
    if (outputs.ship) {
      if (outputs.shipping_counters) {
        s.shipping = outputs.shipping_counters();
        if (auto line = shipping_lag.observe(*s.shipping, clock_.now())) log::write(line->level, line->message);
      }
      outputs.ship(s);
    }
    s.link_events.clear();  // /metrics carries counts; the event lists would only grow
    s.link_state_events.clear();
    s.keeper_scrape.reset();  // the keeper serves its own page
    if (outputs.publish) show(std::move(snapshot));
    // The report's batch and the previous snapshot (unless a scrape still renders it) are freed by
    // now; glibc keeps freed heap pages mapped and the next report's peak lands on other addresses,
    // so without a trim the RSS creeps upwards for minutes (heaptrack: the live heap stays flat).
    // Returning them costs one pass over the free lists.
    malloc_trim(0);
  };
  publish(engine_->results());
  SteadyTime last_report = clock_.now();
  SteadyTime next_report = last_report + options_.report_interval;
  // --site-from: the poll thread fetches every interval and parks a new text; taking it is cheap, so the
  // loop looks every second and a new site is followed within one interval of the server having it.
  const Nanoseconds plan_check_interval =
      options_.site_from ? std::min<Nanoseconds>(std::chrono::seconds(1), options_.plan_check_interval)
                         : options_.plan_check_interval;
  SteadyTime next_plan_check = clock_.now() + plan_check_interval;
  TroubleReports trouble(options_.trouble_report_interval, options_.trouble_report_for);
  const auto report_due = [&] {
    trouble.observe(engine_->loss_onsets(), state_events_.size(), clock_.now());
    return trouble.next_report(last_report, next_report);
  };
  engine_->tick();
  while (keep_running()) {
    int wait = wait_milliseconds();
    const auto until_report = std::chrono::duration_cast<std::chrono::milliseconds>(report_due() - clock_.now()).count();
    wait = int(std::max<int64_t>(0, std::min<int64_t>(wait, until_report)));
    if (!handle_ready(wait)) break;
    const SteadyTime now = clock_.now();
    if (now >= next_plan_check) {
      next_plan_check = now + plan_check_interval;
      reload_plan_if_changed();
    }
    if (now >= report_due()) {
      last_report = now;
      next_report = now + options_.report_interval;
      publish(engine_->take_interval());
      trouble.reported();
    } else if (events_.size() + state_events_.size() != published_events) {
      // A link event shows on /metrics at once, not at the next report.
      published_events = events_.size() + state_events_.size();
      if (outputs.publish && last) {
        auto s = std::make_shared<AgentSnapshot>(*last);
        s->link_transitions = transitions_;
        s->link_states = link_states_.states();
        show(std::move(s));
      }
    }
  }
}

}  // namespace netkeel::agent
