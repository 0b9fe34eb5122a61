#pragma once
// Per-VM interface counters through libvirt: virDomainInterfaceStats for every interface of every
// active domain at the URI. The domain list follows libvirt's lifecycle events (started, stopped,
// crashed, device added or removed) instead of being polled. A URI that does not answer (no libvirtd,
// no hypervisor) is reported once (stderr and up() == false, netkeel_vm_collector_up 0) and retried
// with a backoff of 1 s doubling to 60 s; a libvirtd that goes away is reconnected the same way.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/collect/availability_log.hpp"
#include "netkeel/collect/domain_interfaces.hpp"
#include "netkeel/core/clock.hpp"

namespace netkeel::collect {

struct VmInterfaceCounters {
  std::string domain, uuid;
  std::string interface, mac;  // host-side target device, guest MAC
  int64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_drops = 0;
  int64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_drops = 0;
};

// "" and "none" mean: no VM counters.
bool vm_collection_enabled(const std::string& uri);

class VmCounterCollector {
 public:
  // Connects at once (a failure is reported, not thrown); `clock` paces the reconnects.
  VmCounterCollector(std::string uri, const Clock& clock);
  ~VmCounterCollector();
  VmCounterCollector(const VmCounterCollector&) = delete;
  VmCounterCollector& operator=(const VmCounterCollector&) = delete;

  // Counters of every interface of every active domain. Empty while libvirt is unavailable (then up()
  // is false and why() says why). A domain or interface that vanishes mid-read is skipped.
  std::vector<VmInterfaceCounters> read();
  bool up() const;
  std::string why() const;
  const std::string& uri() const { return uri_; }
  // Names of the domains the event-fed list holds now.
  std::vector<std::string> domains() const;
  // Lifecycle events handled so far (tests wait on it instead of sleeping blindly).
  uint64_t events_seen() const;

  // Called on libvirt's event thread: a domain started or stopped (device changes count as started:
  // its interfaces are read again), and the connection closed.
  void handle_domain_event(const std::string& uuid, bool running);
  void handle_connection_closed();

  struct Connection;  // libvirt handles; defined in the .cpp

 private:
  struct Domain {
    std::string name, uuid;
    std::vector<DomainInterface> interfaces;
  };
  void try_connect();
  void drop_connection(const std::string& why);
  void refresh_domain(const std::string& uuid);

  std::string uri_;
  const Clock& clock_;
  mutable std::mutex mutex_;  // the event thread and the agent's thread both touch what follows
  std::unique_ptr<Connection> connection_;
  std::map<std::string, Domain> domains_;  // uuid -> active domain
  AvailabilityLog log_;
  Nanoseconds backoff_ = std::chrono::seconds(1);
  std::optional<SteadyTime> next_attempt_;
  uint64_t events_seen_ = 0;
  bool closed_by_libvirt_ = false;
};

}  // namespace netkeel::collect
