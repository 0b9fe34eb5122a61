#pragma once
// What a HostKeeper builds its VIP keepers from: store clients, VIP holders, the instance's checks, the
// host's fence and the events' HTTP client. KernelKeeperParts (kernel_keeper_parts.hpp) gives the real
// ones (etcd, macvlan or OVS internal ports, nftables, probes); unit tests give fakes, so a keeper's
// reload can be tested without etcd or a kernel.
#include <memory>

#include "netkeel/ha/instance_checks.hpp"
#include "netkeel/ha/key_value_store.hpp"
#include "netkeel/ha/vip_holder.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

class KeeperParts {
 public:
  virtual ~KeeperParts() = default;
  // A store client of its own: each VIP renews on its own client, so one slow answer delays no other VIP.
  virtual std::unique_ptr<KeyValueStore> store() = 0;
  // The holder of one VIP on this host (its device, address, fence entry, gratuitous ARP).
  virtual std::unique_ptr<VipHolder> holder(const VipHolderSpec& spec) = 0;
  // The checks of SERVICE's instance on this host, not started yet. Throws UsageError for a check that
  // cannot be built (an http check without a port).
  virtual std::unique_ptr<InstanceChecks> checks(const site::Site& site, const site::Service& service) = 0;
  // The fence all VIPs of the host share: installed before the first VIP is kept, removed after the last.
  virtual void install_fence() = 0;
  virtual void remove_fence() = 0;
  // The HTTP client the events are posted with.
  virtual std::unique_ptr<http::HttpClient> event_client() = 0;
};

}  // namespace netkeel::ha
