#include "netkeel/ha/host_keeper.hpp"

#include <fmt/format.h>

#include "netkeel/apply/ovs_backend.hpp"
#include "netkeel/apply/vsctl_ovsdb.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/ha/etcd_client.hpp"
#include "netkeel/ha/handover_value.hpp"
#include "netkeel/ha/health_monitor.hpp"
#include "netkeel/ha/keep_admin.hpp"
#include "netkeel/ha/keeper_metrics.hpp"
#include "netkeel/ha/kernel_vip_holder.hpp"
#include "netkeel/ha/macvlan_vip_device.hpp"
#include "netkeel/ha/make_health_probe.hpp"
#include "netkeel/ha/nftables_vip_fence.hpp"
#include "netkeel/ha/ovs_internal_port_vip_device.hpp"
#include "netkeel/ha/packet_arp_announcer.hpp"
#include "netkeel/ha/serialized_vip_fence.hpp"
#include "netkeel/ha/unchecked_service_health.hpp"
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
}  // namespace

// What every VIP of the host shares: the fence, and a store client of its own for the reports (so a
// report never waits on, or delays, a VIP's renewal on that VIP's client).
struct HostKeeper::Shared {
  NftablesVipFence nftables;
  std::mutex mutex;
  SerializedVipFence fence{nftables, mutex};
  http::CurlHttpClient report_http;
  std::unique_ptr<EtcdClient> report_store;
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
  std::unique_ptr<HealthMonitor> monitor;
  UncheckedServiceHealth unchecked;
  std::unique_ptr<VipKeeper> keeper;
  std::thread thread;
  std::optional<KeeperReport> published;
  SteadyTime published_at;
};

HostKeeper::HostKeeper(const site::Site& site, const plan::ClusterPlan& plan, HostKeeperOptions options,
                       const Clock& clock)
    : site_(plan.site), placement_base_(placement_input(site, plan)), options_(std::move(options)), clock_(clock) {
  const plan::HostPlan* host = plan.find_host(options_.host);
  if (!host) throw UsageError("host '" + options_.host + "' is not in the site file");
  if (options_.etcd_members.empty())
    throw UsageError("no etcd members: give --etcd URL,... or a `coordination:` section in the site file");
  shared_ = std::make_unique<Shared>();
  const EtcdClientOptions etcd_options{
      options_.etcd_members, std::chrono::duration_cast<std::chrono::milliseconds>(options_.parameters.request_timeout)};
  shared_->report_store = std::make_unique<EtcdClient>(shared_->report_http, clock_, etcd_options);
  const auto features = kernel::detect_kernel_features();
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
    ServiceHealth* health = &vip->unchecked;
    if (auto probe = make_health_probe(*service)) {
      auto log = options_.log;
      const std::string name = service->name;
      vip->monitor = std::make_unique<HealthMonitor>(
          std::move(probe), health_timing(service->check), clock_, [log, name](bool healthy, const std::string& detail) {
            if (log) log(fmt::format("{}: {} ({})", name, healthy ? "healthy" : "failed", detail));
          });
      health = vip->monitor.get();
    }
    vip->keeper = std::make_unique<VipKeeper>(
        VipKeeperOptions{vip->key, options_.host, rank, options_.parameters}, *vip->store, *vip->holder, *health, clock_);
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
    if (vip->monitor) vip->monitor->start();
    vip->thread = std::thread([keeper = vip->keeper.get()] { keeper->run(); });
  }
}

void HostKeeper::stop() {
  if (!started_) return;
  for (auto& vip : vips_) vip->keeper->request_stop();
  for (auto& vip : vips_) {
    if (vip->thread.joinable()) vip->thread.join();
    if (vip->monitor) vip->monitor->stop();
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

void HostKeeper::publish_reports() {
  const SteadyTime now = clock_.now();
  const WallTime wall = clock_.wall_now();
  for (auto& vip : vips_) {
    const KeeperStatus status = vip->keeper->status();
    KeeperReport report;
    report.service = vip->service;
    report.host = options_.host;
    report.state = to_string(status.state);
    report.since_unix_ms =
        unix_milliseconds(wall - std::chrono::duration_cast<WallTime::duration>(now - status.since));
    report.healthy = vip->monitor ? vip->monitor->healthy() : true;
    report.health_detail = vip->monitor ? vip->monitor->detail() : "no check";
    report.vip_held = status.vip_held;
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
    inputs.push_back({vip->service, vip->keeper->status(), vip->monitor ? vip->monitor->healthy() : true});
  }
  return keeper_metrics_text(inputs, clock_.now());
}

}  // namespace netkeel::ha
