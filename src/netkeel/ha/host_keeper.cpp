#include "netkeel/ha/host_keeper.hpp"

#include <map>
#include <mutex>

#include <fmt/format.h>

#include "netkeel/apply/ovs_backend.hpp"
#include "netkeel/apply/vsctl_ovsdb.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/vip_event_text.hpp"
#include "netkeel/ha/etcd_client.hpp"
#include "netkeel/ha/handover_value.hpp"
#include "netkeel/ha/health_monitor.hpp"
#include "netkeel/ha/instance_checks.hpp"
#include "netkeel/ha/keeper_event_shipper.hpp"
#include "netkeel/ha/keep_admin.hpp"
#include "netkeel/ha/keeper_metrics.hpp"
#include "netkeel/ha/kernel_vip_holder.hpp"
#include "netkeel/ha/macvlan_vip_device.hpp"
#include "netkeel/ha/make_health_probe.hpp"
#include "netkeel/ha/nftables_vip_fence.hpp"
#include "netkeel/ha/ovs_internal_port_vip_device.hpp"
#include "netkeel/ha/packet_arp_announcer.hpp"
#include "netkeel/ha/serialized_vip_fence.hpp"
#include "netkeel/ha/vip_candidates.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"
#include "netkeel/ha/vip_keeper.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/kernel/libnl_netlink.hpp"
#include "netkeel/kernel/proc_sysctl.hpp"

namespace netkeel::ha {

namespace {
// Reports are rewritten at least this often, so `keep status` shows a keeper that died as stale.
constexpr auto kReportRefresh = std::chrono::seconds(5);
// One monitor per own check; dep checks are judged from the reports (publish_reports).
std::unique_ptr<InstanceChecks> make_instance_checks(const site::Service& service, const ProbeContext& context,
                                                     const std::function<void(const std::string&)>& log) {
  std::optional<InstanceChecks::LocalDependencyCheck> local;
  for (const auto& check : service.checks)
    if (check.kind == site::HealthCheck::Kind::dep && check.dep_scope == site::HealthCheck::Scope::local && !local)
      local = InstanceChecks::LocalDependencyCheck{site::describe(check), health_timing(check), check.hold_down};
  auto checks = std::make_unique<InstanceChecks>(context.clock, local);
  for (const auto& check : service.checks) {
    auto probe = make_health_probe(service, check, context);
    if (!probe) continue;
    const std::string name = service.name + " " + probe->describe();
    checks->add(std::make_unique<HealthMonitor>(
        std::move(probe), health_timing(check), context.clock,
        [log, name](CheckState state, const std::string& detail) {
          if (log) log(fmt::format("{}: {} ({})", name, to_string(state), detail));
        },
        check.hold_down));
  }
  return checks;
}

}  // namespace

// What every VIP of the host shares: the fence, and a store client of its own for the reports (so a
// report never waits on, or delays, a VIP's renewal on that VIP's client).
struct HostKeeper::Shared {
  NftablesVipFence nftables;
  std::mutex mutex;
  SerializedVipFence fence{nftables, mutex};
  http::CurlHttpClient report_http;
  std::unique_ptr<EtcdClient> report_store;
  std::unique_ptr<KeeperEventShipper> events;
};

// One VIP's parts, in the order they are built (and destroyed in reverse).
struct HostKeeper::Vip {
  std::string service;
  std::string key;
  http::CurlHttpClient http;
  std::unique_ptr<EtcdClient> store;
  kernel::LibnlNetlink netlink;
  kernel::ProcSysctl sysctl;
  std::unique_ptr<apply::VsctlOvsdb> ovsdb;
  std::unique_ptr<VipDevice> device;
  PacketArpAnnouncer announcer;
  std::unique_ptr<KernelVipHolder> holder;
  std::unique_ptr<InstanceChecks> checks;
  std::unique_ptr<VipKeeper> keeper;
  std::thread thread;
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

HostKeeper::HostKeeper(const site::Site& site, const plan::ClusterPlan& plan, HostKeeperOptions options,
                       const Clock& clock)
    : site_file_(site), site_(plan.site), placement_base_(placement_input(site, plan)), options_(std::move(options)), clock_(clock) {
  const plan::HostPlan* host = plan.find_host(options_.host);
  if (!host) throw UsageError("host '" + options_.host + "' is not in the site file");
  if (options_.etcd_members.empty())
    throw UsageError("no etcd members: give --etcd URL,... or a `coordination:` section in the site file");
  shared_ = std::make_unique<Shared>();
  const EtcdClientOptions etcd_options{
      options_.etcd_members, std::chrono::duration_cast<std::chrono::milliseconds>(options_.parameters.request_timeout)};
  shared_->report_store = std::make_unique<EtcdClient>(shared_->report_http, clock_, etcd_options);
  shared_->events = std::make_unique<KeeperEventShipper>(std::make_unique<http::CurlHttpClient>(), options_.server_url,
                                                         options_.server_token, options_.host, clock_);
  const auto features = kernel::detect_kernel_features();
  const ProbeContext probe_context{site, options_.host, options_.agent_metrics_url, clock_};
  // The first placement with nothing held yet: the same answer on every host, before etcd is read.
  const Placement first = place_vips(placement_base_, PlacementMode::keep);
  for (const plan::VipPlan& vip_plan : plan.vips) {
    const site::Service* service = site.find_service(vip_plan.service);
    if (!service) continue;
    if (!vip_rank(*service, plan, options_.host)) continue;
    const ServicePlacement* placed = first.find(service->name);
    const int rank = placed ? claim_rank(*placed, options_.host) : 0;
    auto vip = std::make_unique<Vip>();
    vip->service = service->name;
    vip->key = vip_key(plan.site, service->name);
    vip->store = std::make_unique<EtcdClient>(vip->http, clock_, etcd_options);
    const VipHolderSpec spec = vip_holder_spec(vip_plan, *host);
    if (options_.backend == site::Backend::ovs) {
      vip->ovsdb = std::make_unique<apply::VsctlOvsdb>(options_.ovs_db);
      vip->device = std::make_unique<OvsInternalPortVipDevice>(spec, *vip->ovsdb, vip->sysctl, apply::kOvsBridgeName);
    } else {
      vip->device = std::make_unique<MacvlanVipDevice>(spec, vip->netlink, features);
    }
    vip->holder = std::make_unique<KernelVipHolder>(spec, *vip->device, vip->netlink, vip->sysctl, shared_->fence,
                                                    vip->announcer, clock_);
    vip->checks = make_instance_checks(*service, probe_context, options_.log);
    vip->keeper = std::make_unique<VipKeeper>(
        VipKeeperOptions{vip->key, options_.host, rank, options_.parameters}, *vip->store, *vip->holder, *vip->checks, clock_);
    vips_.push_back(std::move(vip));
  }
  if (vips_.empty())
    throw UsageError("no service's VIP may live on host '" + options_.host +
                     "' (check the services' `network` and `hosts`)");
}

HostKeeper::~HostKeeper() { stop(); }

void HostKeeper::start() {
  if (started_) return;
  shared_->fence.install();
  started_ = true;
  for (auto& vip : vips_) {
    vip->checks->start();
    vip->thread = std::thread([keeper = vip->keeper.get()] { keeper->run(); });
  }
}

void HostKeeper::stop() {
  if (!started_) return;
  for (auto& vip : vips_) vip->keeper->request_stop();
  for (auto& vip : vips_) {
    if (vip->thread.joinable()) vip->thread.join();
    vip->checks->stop();
  }
  try {
    shared_->fence.remove();
  } catch (const std::exception& e) {
    if (options_.log) options_.log(std::string("removing the fence: ") + e.what());
  }
  started_ = false;
}

std::vector<std::string> HostKeeper::services() const {
  std::vector<std::string> out;
  for (const auto& vip : vips_) out.push_back(vip->service);
  return out;
}

std::vector<KeeperStatus> HostKeeper::statuses() const {
  std::vector<KeeperStatus> out;
  for (const auto& vip : vips_) out.push_back(vip->keeper->status());
  return out;
}

KeeperReport HostKeeper::own_report(Vip& vip, SteadyTime now, WallTime wall) const {
  const KeeperStatus status = vip.keeper->status();
  const OwnChecksVerdict own = vip.checks->own();
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
    const auto judgement = vip.checks->judgement();
    const OwnChecksVerdict own = vip.checks->own();
    const std::string cause = release_cause(reason, own.passing, any_held_down(*vip.checks),
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
      const auto before = vip->checks->judgement();
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
  for (const auto& vip : vips_) {
    std::lock_guard lock(vip->releases_mutex);
    inputs.push_back({vip->service, vip->keeper->status(), vip->checks->own().passing, vip->checks->judgement(),
                      vip->checks->checks(), vip->releases_by_cause});
  }
  return keeper_metrics_text(inputs, clock_.now(), drained_ == 1);
}

}  // namespace netkeel::ha
