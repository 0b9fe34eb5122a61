#include "netkeel/collect/vm_interface_counters.hpp"

#include <algorithm>
#include <atomic>
#include <set>

#include "netkeel/collect/libvirt_event_loop.hpp"
#include "netkeel/collect/libvirt_library.hpp"
#include "netkeel/collect/local_libvirt_daemon.hpp"

namespace netkeel::collect {

namespace {

constexpr auto kFirstBackoff = std::chrono::seconds(1);
constexpr auto kMostBackoff = std::chrono::seconds(60);

std::string last_libvirt_error() {
  const char* message = libvirt().virGetLastErrorMessage();
  return message ? message : "unknown libvirt error";
}

std::string uuid_of(virDomainPtr domain) {
  char uuid[VIR_UUID_STRING_BUFLEN] = {};
  return libvirt().virDomainGetUUIDString(domain, uuid) == 0 ? std::string(uuid) : std::string();
}

}  // namespace

bool vm_collection_enabled(const std::string& uri) { return !uri.empty() && uri != "none"; }

// Handles and what the event thread hands over to the agent's thread.
struct VmCounterCollector::Connection {
  virConnectPtr conn = nullptr;
  std::vector<int> callback_ids;
  bool close_callback = false;
  std::atomic<bool> closed{false};
  // Filled by the event thread under the collector's mutex; libvirt calls happen on the agent's
  // thread only (a callback that called back into libvirt could deadlock a closing connection).
  std::map<std::string, bool> pending;  // uuid -> running

  ~Connection() {
    for (int id : callback_ids) libvirt().virConnectDomainEventDeregisterAny(conn, id);
    if (close_callback) libvirt().virConnectUnregisterCloseCallback(conn, nullptr);
    if (conn) libvirt().virConnectClose(conn);
  }
};

namespace {

// The collector is passed as opaque; lifecycle: running or not, by event kind.
int on_lifecycle_event(virConnectPtr, virDomainPtr domain, int event, int, void* opaque);
int on_device_event(virConnectPtr, virDomainPtr domain, const char*, void* opaque);
void on_close(virConnectPtr, int, void* opaque);

}  // namespace

VmCounterCollector::VmCounterCollector(std::string uri, const Clock& clock)
    : uri_(std::move(uri)), clock_(clock), log_("libvirt at " + uri_) {
  std::lock_guard lock(mutex_);
  try_connect();
}

VmCounterCollector::~VmCounterCollector() {
  std::unique_ptr<Connection> gone;
  {
    std::lock_guard lock(mutex_);
    gone = std::move(connection_);
  }
  gone.reset();  // outside the lock: a callback in progress may still want it
}

void VmCounterCollector::try_connect() {
  next_attempt_.reset();
  if (auto missing = missing_local_daemon(uri_); !missing.empty()) {
    drop_connection(missing);  // retried on the same backoff, still without loading libvirt
    return;
  }
  try {
    LibvirtEventLoop::ensure_running();
  } catch (const std::exception& e) {
    drop_connection(e.what());
    return;
  }
  auto c = std::make_unique<Connection>();
  // Read-only: the agent never changes a VM.
  c->conn = libvirt().virConnectOpenReadOnly(uri_.c_str());
  if (!c->conn) {
    drop_connection(last_libvirt_error());
    return;
  }
  libvirt().virConnectSetKeepAlive(c->conn, 5, 3);  // notices a vanished remote libvirtd; local drivers decline
  const int lifecycle = libvirt().virConnectDomainEventRegisterAny(c->conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                         VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle_event), this, nullptr);
  if (lifecycle < 0) {
    drop_connection("cannot subscribe to domain lifecycle events: " + last_libvirt_error());
    return;
  }
  c->callback_ids.push_back(lifecycle);
  for (int id : {VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED}) {
    const int cb = libvirt().virConnectDomainEventRegisterAny(c->conn, nullptr, id, VIR_DOMAIN_EVENT_CALLBACK(on_device_event), this, nullptr);
    if (cb >= 0) c->callback_ids.push_back(cb);  // older drivers lack them: lifecycle still works
  }
  c->close_callback = libvirt().virConnectRegisterCloseCallback(c->conn, on_close, this, nullptr) == 0;
  // Subscribed first, listed second: a domain starting in between is in the list or in an event.
  virDomainPtr* list = nullptr;
  const int n = libvirt().virConnectListAllDomains(c->conn, &list, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
  if (n < 0) {
    drop_connection("cannot list domains: " + last_libvirt_error());
    return;
  }
  domains_.clear();
  for (int i = 0; i < n; ++i) {
    const std::string uuid = uuid_of(list[i]);
    if (!uuid.empty()) c->pending[uuid] = true;
    libvirt().virDomainFree(list[i]);
  }
  free(list);
  connection_ = std::move(c);
  backoff_ = kFirstBackoff;
  log_.report(true);
}

void VmCounterCollector::drop_connection(const std::string& why) {
  connection_.reset();
  domains_.clear();
  log_.report(false, why + " (--libvirt-uri none turns VM counters off)");
  next_attempt_ = clock_.now() + backoff_;
  backoff_ = std::min<Nanoseconds>(backoff_ * 2, kMostBackoff);
}

void VmCounterCollector::handle_domain_event(const std::string& uuid, bool running) {
  std::lock_guard lock(mutex_);
  ++events_seen_;
  if (connection_) connection_->pending[uuid] = running;
}

void VmCounterCollector::handle_connection_closed() {
  std::lock_guard lock(mutex_);
  if (connection_) connection_->closed = true;
}

void VmCounterCollector::refresh_domain(const std::string& uuid) {
  virDomainPtr d = libvirt().virDomainLookupByUUIDString(connection_->conn, uuid.c_str());
  if (!d) {
    domains_.erase(uuid);
    return;
  }
  Domain domain;
  domain.uuid = uuid;
  if (const char* name = libvirt().virDomainGetName(d)) domain.name = name;
  const bool active = libvirt().virDomainIsActive(d) == 1;
  char* xml = active ? libvirt().virDomainGetXMLDesc(d, 0) : nullptr;
  libvirt().virDomainFree(d);
  if (!xml) {
    domains_.erase(uuid);
    return;
  }
  try {
    domain.interfaces = domain_interfaces(xml);
  } catch (const std::exception&) {
    domain.interfaces.clear();  // not the XML libvirt writes: nothing to count for this domain
  }
  free(xml);
  domains_[uuid] = std::move(domain);
}

std::vector<VmInterfaceCounters> VmCounterCollector::read() {
  std::lock_guard lock(mutex_);
  std::vector<VmInterfaceCounters> out;
  if (connection_ && connection_->closed.load()) drop_connection("the connection to libvirtd closed");
  if (!connection_) {
    if (!next_attempt_ || clock_.now() >= *next_attempt_) try_connect();
    if (!connection_) return out;
  }
  auto pending = std::move(connection_->pending);
  connection_->pending.clear();
  for (const auto& [uuid, running] : pending) {
    if (running) {
      refresh_domain(uuid);
    } else {
      domains_.erase(uuid);
    }
  }
  for (auto it = domains_.begin(); it != domains_.end();) {
    virDomainPtr d = libvirt().virDomainLookupByUUIDString(connection_->conn, it->first.c_str());
    if (!d) {  // gone between the event and now
      it = domains_.erase(it);
      continue;
    }
    for (const auto& i : it->second.interfaces) {
      virDomainInterfaceStatsStruct s{};
      if (libvirt().virDomainInterfaceStats(d, i.target.c_str(), &s, sizeof s) != 0) continue;  // unplugged mid-read
      out.push_back(VmInterfaceCounters{it->second.name, it->first, i.target, i.mac, s.rx_bytes, s.rx_packets, s.rx_errs,
                                        s.rx_drop, s.tx_bytes, s.tx_packets, s.tx_errs, s.tx_drop});
    }
    libvirt().virDomainFree(d);
    ++it;
  }
  return out;
}

bool VmCounterCollector::up() const {
  std::lock_guard lock(mutex_);
  return connection_ != nullptr;
}

std::string VmCounterCollector::why() const {
  std::lock_guard lock(mutex_);
  return log_.why();
}

std::vector<std::string> VmCounterCollector::domains() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> names;
  for (const auto& [uuid, d] : domains_) names.insert(d.name);
  if (connection_) {
    // Events not yet applied by read(): what the list will hold after it.
    for (const auto& [uuid, running] : connection_->pending) {
      auto known = domains_.find(uuid);
      if (!running && known != domains_.end()) names.erase(known->second.name);
    }
  }
  return {names.begin(), names.end()};
}

uint64_t VmCounterCollector::events_seen() const {
  std::lock_guard lock(mutex_);
  return events_seen_;
}

namespace {

int on_lifecycle_event(virConnectPtr, virDomainPtr domain, int event, int, void* opaque) {
  bool running;
  switch (event) {
    case VIR_DOMAIN_EVENT_STARTED:
    case VIR_DOMAIN_EVENT_RESUMED: running = true; break;
    case VIR_DOMAIN_EVENT_STOPPED:
    case VIR_DOMAIN_EVENT_CRASHED:
    case VIR_DOMAIN_EVENT_UNDEFINED: running = false; break;
    default: return 0;  // defined, suspended, shutdown in progress, ...: the list does not change
  }
  static_cast<VmCounterCollector*>(opaque)->handle_domain_event(uuid_of(domain), running);
  return 0;
}

int on_device_event(virConnectPtr, virDomainPtr domain, const char*, void* opaque) {
  static_cast<VmCounterCollector*>(opaque)->handle_domain_event(uuid_of(domain), true);
  return 0;
}

void on_close(virConnectPtr, int, void* opaque) { static_cast<VmCounterCollector*>(opaque)->handle_connection_closed(); }

}  // namespace

}  // namespace netkeel::collect
