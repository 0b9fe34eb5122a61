#include "netkeel/ha/host_keeper.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/core/vip_event_text.hpp"
#include "netkeel/ha/handover_value.hpp"
#include "netkeel/ha/keeper_event_shipper.hpp"
#include "netkeel/ha/keep_admin.hpp"
#include "netkeel/ha/keeper_metrics.hpp"
#include "netkeel/ha/kernel_keeper_parts.hpp"
#include "netkeel/ha/reloaded_checks.hpp"
#include "netkeel/ha/vip_candidates.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"
#include "netkeel/ha/vip_keeper.hpp"

namespace netkeel::ha {

namespace {
// Reports are rewritten at least this often, so `keep status` shows a keeper that died as stale.
constexpr auto kReportRefresh = std::chrono::seconds(5);
}  // namespace

// What every VIP of the host shares: a store client of its own for the reports (so a report never waits
// on, or delays, a VIP's renewal on that VIP's client), and the events.
struct HostKeeper::Shared {
  std::unique_ptr<KeyValueStore> report_store;
  std::unique_ptr<KeeperEventShipper> events;
};

// One VIP's parts, in the order they are built (and destroyed in reverse).
struct HostKeeper::Vip {
  std::string service;
  std::string key;
  std::unique_ptr<KeyValueStore> store;
  std::unique_ptr<VipHolder> holder;
  std::unique_ptr<ReloadedChecks> checks;
  std::unique_ptr<VipKeeper> keeper;
  std::thread thread;
  bool running = false;  // started (its thread, or step_vips) and not stopped yet
  std::optional<KeeperReport> published;
  SteadyTime published_at;
  std::mutex releases_mutex;  // publish_reports counts, metrics_text reads
  std::array<std::uint64_t, kReleaseReasons> releases_seen{};  // by ReleaseReason
  std::uint64_t takeovers_seen = 0;
  std::map<std::string, std::uint64_t> releases_by_cause;
};

namespace {

bool any_held_down(const InstanceChecks& checks) {
  for (const auto& check : checks.checks())
    if (check.state == CheckState::held_down) return true;
  return false;
}

}  // namespace

namespace {

std::unique_ptr<KeeperParts> kernel_parts(const HostKeeperOptions& options, const Clock& clock) {
  if (options.parts) return nullptr;
  return std::make_unique<KernelKeeperParts>(
      KernelKeeperPartsOptions{options.host, options.etcd_members, options.parameters.request_timeout, options.backend,
                               options.ovs_db, options.agent_metrics_url, options.log},
      clock);
}

}  // namespace

HostKeeper::HostKeeper(const site::Site& site, const plan::ClusterPlan& plan, HostKeeperOptions options,
                       const Clock& clock)
    : site_file_(site),
      plan_(plan),
      site_(plan.site),
      placement_base_(placement_input(site, plan)),
      options_(std::move(options)),
      clock_(clock),
      own_parts_(kernel_parts(options_, clock_)),
      parts_(options_.parts ? *options_.parts : *own_parts_),
      version_(options_.site_version) {
  if (!plan.find_host(options_.host)) throw UsageError("host '" + options_.host + "' is not in the site file");
  if (options_.etcd_members.empty())
    throw UsageError("no etcd members: give --etcd URL,... or a `coordination:` section in the site file");
  shared_ = std::make_unique<Shared>();
  shared_->report_store = parts_.store();
  shared_->events = std::make_unique<KeeperEventShipper>(parts_.event_client(), options_.server_url,
                                                         options_.server_token, options_.host, clock_);
  for (const plan::VipPlan& vip_plan : plan.vips) {
    const site::Service* service = site.find_service(vip_plan.service);
    if (!service || !vip_rank(*service, plan, options_.host)) continue;
    vips_.push_back(make_vip(service->name));
  }
  if (vips_.empty())
    throw UsageError("no service's VIP may live on host '" + options_.host +
                     "' (check the services' `network` and `hosts`)");
}

HostKeeper::~HostKeeper() { stop(); }

std::unique_ptr<HostKeeper::Vip> HostKeeper::make_vip(const std::string& service_name) const {
  const site::Service& service = *site_file_.find_service(service_name);
  const plan::VipPlan* vip_plan = nullptr;
  for (const auto& v : plan_.vips)
    if (v.service == service_name) vip_plan = &v;
  // The first placement with nothing held yet: the same answer on every host, before etcd is read
  // (follow_admin corrects it from what etcd says on its next round).
  const Placement first = place_vips(placement_base_, PlacementMode::keep);
  const ServicePlacement* placed = first.find(service_name);
  const int rank = placed ? claim_rank(*placed, options_.host) : 0;
  auto vip = std::make_unique<Vip>();
  vip->service = service_name;
  vip->key = vip_key(plan_.site, service_name);
  vip->store = parts_.store();
  vip->holder = parts_.holder(vip_holder_spec(*vip_plan, *plan_.find_host(options_.host)));
  vip->checks = std::make_unique<ReloadedChecks>(parts_.checks(site_file_, service));
  vip->keeper = std::make_unique<VipKeeper>(VipKeeperOptions{vip->key, options_.host, rank, options_.parameters},
                                            *vip->store, *vip->holder, *vip->checks, clock_);
  return vip;
}

void HostKeeper::start_vip(Vip& vip) {
  vip.running = true;
  if (!options_.threads) return;
  vip.checks->current()->start();
  vip.thread = std::thread([keeper = vip.keeper.get()] { keeper->run(); });
}

void HostKeeper::stop_vip(Vip& vip) {
  if (!vip.running) return;
  vip.keeper->request_stop();
  if (vip.thread.joinable()) {
    vip.thread.join();
  } else {
    // No thread: step the machine until it has released and freed the key (a step or two; bounded in
    // case the store answers nothing).
    for (int i = 0; i < 100 && vip.keeper->status().state != OwnershipState::stopped; ++i) vip.keeper->step();
  }
  vip.checks->current()->stop();
  if (auto settling = vip.checks->replace(nullptr, clock_.now())) settling->stop();
  vip.running = false;
}

void HostKeeper::start() {
  if (started_) return;
  parts_.install_fence();
  started_ = true;
  for (auto& vip : vips_) start_vip(*vip);
}

void HostKeeper::stop() {
  if (!started_) return;
  for (auto& vip : vips_) vip->keeper->request_stop();
  for (auto& vip : vips_) stop_vip(*vip);
  try {
    parts_.remove_fence();
  } catch (const std::exception& e) {
    if (options_.log) options_.log(std::string("removing the fence: ") + e.what());
  }
  started_ = false;
}

void HostKeeper::step_vips() {
  for (auto& vip : vips_)
    if (vip->running) vip->keeper->step();
}

std::vector<std::string> HostKeeper::services() const {
  std::lock_guard lock(vips_mutex_);
  std::vector<std::string> out;
  for (const auto& vip : vips_) out.push_back(vip->service);
  return out;
}

std::vector<KeeperStatus> HostKeeper::statuses() const {
  std::lock_guard lock(vips_mutex_);
  std::vector<KeeperStatus> out;
  for (const auto& vip : vips_) out.push_back(vip->keeper->status());
  return out;
}

KeeperReport HostKeeper::own_report(Vip& vip, SteadyTime now, WallTime wall) const {
  const KeeperStatus status = vip.keeper->status();
  const OwnChecksVerdict own = vip.checks->current()->own();
  KeeperReport report;
  report.service = vip.service;
  report.host = options_.host;
  report.state = to_string(status.state);
  report.since_unix_ms = unix_milliseconds(wall - std::chrono::duration_cast<WallTime::duration>(now - status.since));
  report.healthy = own.passing;
  report.health_detail = own.detail;
  report.failed_check = own.failed_check;
  report.vip_held = status.vip_held;
  return report;
}

void HostKeeper::publish_reports() {
  settle_checks();
  const SteadyTime now = clock_.now();
  const WallTime wall = clock_.wall_now();
  std::vector<KeeperReport> own;
  for (auto& vip : vips_) {
    const KeeperReport report = own_report(*vip, now, wall);
    own.push_back(report);
    count_releases(*vip);
    // since is recomputed from two clocks each time; a few ms of jitter is not a change.
    KeeperReport compared = report;
    if (vip->published) compared.since_unix_ms = vip->published->since_unix_ms;
    const bool changed = !vip->published || compared != *vip->published ||
                         std::llabs(report.since_unix_ms - vip->published->since_unix_ms) > 1000;
    if (!changed && now - vip->published_at < kReportRefresh) continue;
    try {
      const std::string key = keeper_report_key(site_, vip->service, options_.host);
      const auto current = shared_->report_store->get(key);
      const auto outcome =
          shared_->report_store->compare_and_set(key, to_json(report), current ? current->mod_revision : 0);
      if (outcome.succeeded) {
        vip->published = report;
        vip->published_at = now;
      }
    } catch (const std::exception& e) {
      if (options_.log && vip->published) options_.log(vip->service + ": cannot publish its report: " + e.what());
      vip->published.reset();  // say it again once the store answers
    }
  }
  judge_dependencies(own);
  shared_->events->ship();
}

// Releases seen since the last call, by the ownership's reason; an unhealthy one gets the cause the
// instance shows now (publish_reports runs every 500 ms; a check that failed and recovered in between is
// counted as other).
void HostKeeper::count_releases(Vip& vip) {
  const KeeperStatus status = vip.keeper->status();
  std::lock_guard lock(vip.releases_mutex);
  if (status.takeovers_total > vip.takeovers_seen) {
    vip.takeovers_seen = status.takeovers_total;
    shared_->events->add(kVipTakeoverKind, vip_takeover_text(vip.service, options_.host));
  }
  for (int i = 0; i < kReleaseReasons; ++i) {
    const std::uint64_t releases = status.releases_by_reason[i];
    if (releases <= vip.releases_seen[i]) continue;
    const auto reason = static_cast<ReleaseReason>(i);
    const auto checks = vip.checks->current();
    const auto judgement = checks->judgement();
    const OwnChecksVerdict own = checks->own();
    const std::string cause = release_cause(reason, own.passing, any_held_down(*checks),
                                            judgement ? std::optional(judgement->cause) : std::nullopt);
    vip.releases_by_cause[cause] += releases - vip.releases_seen[i];
    vip.releases_seen[i] = releases;
    std::string why = cause;
    if (cause == "check" || cause == "held_down") why += ": " + own.failed_check + ": " + own.detail;
    else if (cause == "local_dependency" && judgement) why += ": " + judgement->reason;
    else if (cause == "lost") why += ": no renewal confirmed before its deadline, or another host wrote the key";
    if (options_.log) options_.log(fmt::format("{}: VIP released here (cause: {})", vip.service, why));
    shared_->events->add(kVipReleaseKind, vip_release_text(vip.service, options_.host, why));
  }
}

void HostKeeper::judge_dependencies(const std::vector<KeeperReport>& own) {
  std::vector<KeeperReport> reports;
  try {
    for (const auto& value : shared_->report_store->list(keeper_report_prefix(site_)))
      if (auto report = parse_keeper_report(value.value); report && report->host != options_.host)
        reports.push_back(*report);
  } catch (const std::exception&) {
    return;  // the store is away: keep the last judgement (ownership has its own rules for this)
  }
  reports.insert(reports.end(), own.begin(), own.end());  // this host's own, fresh
  const auto judged = judge_instances(site_file_, reports);
  for (std::size_t i = reports.size() - own.size(); i < reports.size(); ++i) {
    const InstanceJudgement& judgement = judged[i];
    for (auto& vip : vips_) {
      if (vip->service != judgement.service) continue;
      const auto before = vip->checks->current()->judgement();
      vip->checks->judge(judgement);
      if (before && before->health == judgement.health && before->reason == judgement.reason) continue;
      const std::string line = fmt::format("{}@{} {}{}{}", judgement.service, judgement.host, to_string(judgement.health),
                                           judgement.reason.empty() ? "" : ": ", judgement.reason);
      if (options_.log) options_.log(line);
      // A first judgement that is healthy is no change worth an event (every keeper start would send one).
      if (before || judgement.health != InstanceHealth::healthy) shared_->events->add("health_change", line);
    }
  }
}

void HostKeeper::follow_admin() {
  PlacementInput input = placement_base_;
  AdminState admin;
  try {
    for (const auto& key : shared_->report_store->list(vip_key_prefix(site_))) {
      const std::string holder = holder_in(key.value);
      if (!holder.empty()) input.holders[key.key.substr(vip_key_prefix(site_).size())] = holder;
    }
    for (const auto& key : shared_->report_store->list(keeper_report_prefix(site_))) {
      if (auto report = parse_keeper_report(key.value); report && !report->healthy)
        input.failed.insert({report->service, report->host});
    }
    admin = parse_admin_state(site_, shared_->report_store->list(admin_prefix(site_)));
  } catch (const std::exception& e) {
    if (options_.log) options_.log(std::string("cannot read the placement's inputs: ") + e.what());
    return;  // keep the last directives: the store decides every claim anyway
  }
  input.drained = admin.drained;
  const Placement placement = place_vips(input, PlacementMode::keep);
  const bool claimable = !admin.drained.count(options_.host);
  // A change of this host's drain is an event (the first read only when drained: a keeper that starts on
  // an undrained host has nothing to say).
  const int drained = claimable ? 0 : 1;
  if (const int before = drained_.exchange(drained); drained != before && (before != -1 || drained == 1)) {
    const std::string line = claimable ? options_.host + " undrained: it may claim VIPs again"
                                       : options_.host + " drained: it claims no VIP until undrained";
    if (options_.log) options_.log(line);
    shared_->events->add(claimable ? "keep_undrain" : "keep_drain", line);
  }
  for (auto& vip : vips_) {
    const ServicePlacement* placed = placement.find(vip->service);
    int rank = placed ? claim_rank(*placed, options_.host) : -1;
    // A kept holder heads the order; its standbys count from 0, so the best one waits no longer than
    // takeover_wait for a silent holder.
    if (placed && placed->kept && rank > 0) --rank;
    vip->keeper->set_placement(rank, claimable);
    const auto move = admin.moves.find(vip->service);
    const auto holder = input.holders.find(vip->service);
    if (move != admin.moves.end() && move->second.to != options_.host && holder != input.holders.end() &&
        holder->second == options_.host) {
      vip->keeper->request_handover(move->second.to);
    }
  }
}

std::string HostKeeper::metrics_text() const {
  std::vector<KeeperMetricsInput> inputs;
  {
    std::lock_guard vips_lock(vips_mutex_);
    for (const auto& vip : vips_) {
      std::lock_guard lock(vip->releases_mutex);
      const auto checks = vip->checks->current();
      inputs.push_back({vip->service, vip->keeper->status(), checks->own().passing, checks->judgement(),
                        checks->checks(), vip->releases_by_cause});
    }
  }
  std::lock_guard lock(site_mutex_);
  return keeper_metrics_text(inputs, clock_.now(), drained_ == 1) + keeper_site_metrics_text(version_.number, version_.sha256, reloads_);
}


namespace {

std::string describe_version(const SiteVersion& version) {
  const std::string hash = version.sha256.substr(0, 12);
  if (version.number > 0) return fmt::format("site version {} (sha256 {})", version.number, hash);
  return "site sha256 " + hash;
}

}  // namespace

SiteVersion HostKeeper::site_version() const {
  std::lock_guard lock(site_mutex_);
  return version_;
}

void HostKeeper::record_reload(const std::string& result, const SiteVersion& version, const std::string& line) {
  {
    std::lock_guard lock(site_mutex_);
    ++reloads_[result];
    if (result == "applied") version_ = version;
  }
  shared_->events->add(kKeeperSiteReloadKind, line);
}

void HostKeeper::refuse_invalid_site(const SiteVersion& version) {
  record_reload("invalid", version,
                fmt::format("{} refused on {}: not a valid site; keeps {}", describe_version(version), options_.host,
                            describe_version(site_version())));
}

KeeperSiteChange HostKeeper::apply_site(const site::Site& site, const plan::ClusterPlan& plan,
                                        const SiteVersion& version) {
  KeeperSiteChange change =
      keeper_site_change({site_file_, plan_}, {site, plan}, options_.host, options_.backend, options_.backend_forced);
  const std::string running = describe_version(site_version());
  // Built before anything changes: a part that cannot be built refuses the version as a whole.
  site::Site previous_site = std::move(site_file_);
  plan::ClusterPlan previous_plan = std::move(plan_);
  PlacementInput previous_base = std::move(placement_base_);
  site_file_ = site;
  plan_ = plan;
  placement_base_ = placement_input(site_file_, plan_);
  std::vector<std::unique_ptr<Vip>> fresh;
  std::map<std::string, std::shared_ptr<InstanceChecks>> new_checks;
  if (!change.refused()) {
    try {
      for (const auto* names : {&change.added, &change.replaced})
        for (const auto& name : *names) fresh.push_back(make_vip(name));
      for (const auto& name : change.checks_changed)
        new_checks[name] = parts_.checks(site_file_, *site_file_.find_service(name));
    } catch (const std::exception& e) {
      change.refusal = e.what();
    }
  }
  if (change.refused()) {
    site_file_ = std::move(previous_site);
    plan_ = std::move(previous_plan);
    placement_base_ = std::move(previous_base);
    record_reload("refused", version,
                  fmt::format("{} refused on {}: {}; keeps {}", describe_version(version), options_.host, change.refusal,
                              running));
    return change;
  }
  // Released first: a replaced VIP's old holder frees the key before its new keeper may claim it.
  for (const auto* names : {&change.removed, &change.replaced}) {
    for (const auto& name : *names) {
      std::unique_ptr<Vip> gone;
      {
        std::lock_guard lock(vips_mutex_);
        const auto it = std::find_if(vips_.begin(), vips_.end(), [&](const auto& v) { return v->service == name; });
        if (it == vips_.end()) continue;
        gone = std::move(*it);
        vips_.erase(it);
      }
      const bool held = gone->holder->held();
      stop_vip(*gone);
      if (names == &change.removed) forget_report(name);
      if (options_.log)
        options_.log(fmt::format("{}: {} (the new site {}), its key freed", name,
                                 held ? "VIP released here" : "no longer kept here",
                                 names == &change.removed ? "does not let it live on " + options_.host
                                                          : "gives it another address, MAC or interface"));
    }
  }
  for (auto& vip : fresh) {
    if (started_) start_vip(*vip);
    std::lock_guard lock(vips_mutex_);
    vips_.push_back(std::move(vip));
  }
  for (auto& [name, checks] : new_checks) {
    for (auto& vip : vips_) {
      if (vip->service != name) continue;
      if (started_ && options_.threads) checks->start();
      const auto settle_by = clock_.now() + settle_time(*site_file_.find_service(name));
      if (auto unsettled = vip->checks->replace(checks, settle_by)) unsettled->stop();
    }
  }
  record_reload("applied", version,
                fmt::format("{} applied on {}: {}", describe_version(version), options_.host, change.summary()));
  if (vips_.empty() && options_.log)
    options_.log("no VIP of the site may live on " + options_.host + " now: this keeper holds nothing until a version lets it");
  return change;
}

void HostKeeper::forget_report(const std::string& service) {
  const std::string key = keeper_report_key(site_, service, options_.host);
  try {
    if (const auto current = shared_->report_store->get(key))
      shared_->report_store->compare_and_delete(key, current->mod_revision);
  } catch (const std::exception& e) {
    if (options_.log) options_.log(service + ": cannot remove its report (it goes stale): " + e.what());
  }
}

void HostKeeper::settle_checks() {
  for (auto& vip : vips_) {
    auto replaced = vip->checks->settle(clock_.now());
    if (!replaced) continue;
    replaced->stop();
    if (options_.log)
      options_.log(vip->service + ": its new checks are in force (" +
                   (vip->checks->healthy() ? "passing)" : "not passing: a VIP held here is released)"));
  }
}

}  // namespace netkeel::ha
