#pragma once
// The real parts of a host's keeper: an etcd client per caller, a kernel VIP holder per VIP (macvlan on
// the kernel backend, an OVS internal port on the OVS backend) behind one nftables fence, and the
// service's own checks as probes of this host (make_health_probe.hpp).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/keeper_parts.hpp"
#include "netkeel/ha/nftables_vip_fence.hpp"
#include "netkeel/ha/serialized_vip_fence.hpp"
#include "netkeel/kernel/kernel_features.hpp"

namespace netkeel::ha {

struct KernelKeeperPartsOptions {
  std::string host;
  std::vector<std::string> etcd_members;   // client URLs
  Nanoseconds request_timeout{std::chrono::milliseconds(150)};
  site::Backend backend = site::Backend::kernel;
  std::string ovs_db;                      // the OVS backend's ovsdb-server (ovs-vsctl --db)
  std::string agent_metrics_url;           // mesh checks read the agent's probes here
  std::function<void(const std::string&)> log;
};

class KernelKeeperParts final : public KeeperParts {
 public:
  KernelKeeperParts(KernelKeeperPartsOptions options, const Clock& clock);

  std::unique_ptr<KeyValueStore> store() override;
  std::unique_ptr<VipHolder> holder(const VipHolderSpec& spec) override;
  std::unique_ptr<InstanceChecks> checks(const site::Site& site, const site::Service& service) override;
  void install_fence() override;
  void remove_fence() override;
  std::unique_ptr<http::HttpClient> event_client() override;

 private:
  KernelKeeperPartsOptions options_;
  const Clock& clock_;
  std::vector<kernel::FeatureStatus> features_;
  NftablesVipFence nftables_;
  std::mutex fence_mutex_;
  SerializedVipFence fence_{nftables_, fence_mutex_};
};

}  // namespace netkeel::ha
