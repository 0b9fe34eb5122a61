#include "netkeel/ha/kernel_keeper_parts.hpp"

#include <fmt/format.h>

#include "netkeel/apply/ovs_backend.hpp"
#include "netkeel/apply/vsctl_ovsdb.hpp"
#include "netkeel/ha/etcd_client.hpp"
#include "netkeel/ha/health_monitor.hpp"
#include "netkeel/ha/kernel_vip_holder.hpp"
#include "netkeel/ha/macvlan_vip_device.hpp"
#include "netkeel/ha/make_health_probe.hpp"
#include "netkeel/ha/ovs_internal_port_vip_device.hpp"
#include "netkeel/ha/packet_arp_announcer.hpp"
#include "netkeel/kernel/libnl_netlink.hpp"
#include "netkeel/kernel/proc_sysctl.hpp"

namespace netkeel::ha {

namespace {

// An etcd client with the HTTP client it talks through.
class OwnedEtcdClient final : public KeyValueStore {
 public:
  OwnedEtcdClient(const Clock& clock, EtcdClientOptions options) : etcd_(http_, clock, std::move(options)) {}
  std::optional<KeyValue> get(const std::string& key) override { return etcd_.get(key); }
  std::vector<KeyValue> list(const std::string& prefix) override { return etcd_.list(prefix); }
  WriteOutcome compare_and_set(const std::string& key, const std::string& value, std::int64_t expected) override {
    return etcd_.compare_and_set(key, value, expected);
  }
  WriteOutcome compare_and_delete(const std::string& key, std::int64_t expected) override {
    return etcd_.compare_and_delete(key, expected);
  }

 private:
  http::CurlHttpClient http_;
  EtcdClient etcd_;
};

// One VIP's kernel parts, in the order they are built (and destroyed in reverse), behind the holder.
class OwnedKernelVipHolder final : public VipHolder {
 public:
  OwnedKernelVipHolder(const VipHolderSpec& spec, const KernelKeeperPartsOptions& options,
                       const std::vector<kernel::FeatureStatus>& features, VipFence& fence, const Clock& clock) {
    if (options.backend == site::Backend::ovs) {
      ovsdb_ = std::make_unique<apply::VsctlOvsdb>(options.ovs_db);
      device_ = std::make_unique<OvsInternalPortVipDevice>(spec, *ovsdb_, sysctl_, apply::kOvsBridgeName);
    } else {
      device_ = std::make_unique<MacvlanVipDevice>(spec, netlink_, features);
    }
    holder_ = std::make_unique<KernelVipHolder>(spec, *device_, netlink_, sysctl_, fence, announcer_, clock);
  }
  void take(Nanoseconds fence_for) override { holder_->take(fence_for); }
  void extend_fence(Nanoseconds fence_for) override { holder_->extend_fence(fence_for); }
  void announce_due() override { holder_->announce_due(); }
  void release() noexcept override { holder_->release(); }
  bool held() const override { return holder_->held(); }

 private:
  kernel::LibnlNetlink netlink_;
  kernel::ProcSysctl sysctl_;
  std::unique_ptr<apply::VsctlOvsdb> ovsdb_;
  std::unique_ptr<VipDevice> device_;
  PacketArpAnnouncer announcer_;
  std::unique_ptr<KernelVipHolder> holder_;
};

}  // namespace

KernelKeeperParts::KernelKeeperParts(KernelKeeperPartsOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), features_(kernel::detect_kernel_features()) {}

std::unique_ptr<KeyValueStore> KernelKeeperParts::store() {
  return std::make_unique<OwnedEtcdClient>(
      clock_, EtcdClientOptions{options_.etcd_members,
                                std::chrono::duration_cast<std::chrono::milliseconds>(options_.request_timeout)});
}

std::unique_ptr<VipHolder> KernelKeeperParts::holder(const VipHolderSpec& spec) {
  return std::make_unique<OwnedKernelVipHolder>(spec, options_, features_, fence_, clock_);
}

// One monitor per own check; dep checks are judged from the reports (HostKeeper::publish_reports).
std::unique_ptr<InstanceChecks> KernelKeeperParts::checks(const site::Site& site, const site::Service& service) {
  std::optional<InstanceChecks::LocalDependencyCheck> local;
  for (const auto& check : service.checks)
    if (check.kind == site::HealthCheck::Kind::dep && check.dep_scope == site::HealthCheck::Scope::local && !local)
      local = InstanceChecks::LocalDependencyCheck{site::describe(check), health_timing(check), check.hold_down};
  auto checks = std::make_unique<InstanceChecks>(clock_, local);
  const ProbeContext context{site, options_.host, options_.agent_metrics_url, clock_};
  for (const auto& check : service.checks) {
    auto probe = make_health_probe(service, check, context);
    if (!probe) continue;
    const std::string name = service.name + " " + probe->describe();
    checks->add(std::make_unique<HealthMonitor>(
        std::move(probe), health_timing(check), clock_,
        [log = options_.log, name](CheckState state, const std::string& detail) {
          if (log) log(fmt::format("{}: {} ({})", name, to_string(state), detail));
        },
        check.hold_down));
  }
  return checks;
}

void KernelKeeperParts::install_fence() { fence_.install(); }

void KernelKeeperParts::remove_fence() { fence_.remove(); }

std::unique_ptr<http::HttpClient> KernelKeeperParts::event_client() { return std::make_unique<http::CurlHttpClient>(); }

}  // namespace netkeel::ha
