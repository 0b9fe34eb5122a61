#include "netkeel/site/site.hpp"

#include "netkeel/core/find_by_name.hpp"

namespace netkeel::site {

const Switch* Site::find_switch(const std::string& n) const { return find_by_name(switches, n); }
const Network* Site::find_network(const std::string& n) const { return find_by_name(networks, n); }
const Host* Site::find_host(const std::string& n) const { return find_by_name(hosts, n); }
const Service* Site::find_service(const std::string& n) const { return find_by_name(services, n); }

std::string to_string(Encapsulation e) {
  switch (e) {
    case Encapsulation::none: return "none";
    case Encapsulation::gre: return "gre";
    case Encapsulation::vxlan: return "vxlan";
  }
  return "?";
}

std::string to_string(ArpPolicy p) {
  switch (p) {
    case ArpPolicy::automatic: return "auto";
    case ArpPolicy::static_entries: return "static";
    case ArpPolicy::long_timeout: return "long-timeout";
    case ArpPolicy::kernel_default: return "default";
  }
  return "?";
}

std::string to_string(NicMode m) { return m == NicMode::trunk ? "trunk" : "access"; }
std::string to_string(Backend b) { return b == Backend::kernel ? "kernel" : "ovs"; }

std::string to_string(BondModeOverride m) {
  switch (m) {
    case BondModeOverride::none: return "auto";
    case BondModeOverride::lacp: return "802.3ad";
    case BondModeOverride::active_backup: return "active-backup";
    case BondModeOverride::balance_xor: return "balance-xor";
  }
  return "?";
}

std::string to_string(HealthCheck::Kind kind) {
  switch (kind) {
    case HealthCheck::Kind::none: return "none";
    case HealthCheck::Kind::tcp: return "tcp";
    case HealthCheck::Kind::http: return "http";
    case HealthCheck::Kind::exec: return "exec";
    case HealthCheck::Kind::link: return "link";
    case HealthCheck::Kind::mesh: return "mesh";
    case HealthCheck::Kind::dep: return "dep";
  }
  return "?";
}

std::string describe(const HealthCheck& check) {
  switch (check.kind) {
    case HealthCheck::Kind::tcp: return "tcp " + std::to_string(check.tcp_port);
    case HealthCheck::Kind::http: return "http " + check.http_path;
    case HealthCheck::Kind::exec: return "exec " + check.exec_command;
    case HealthCheck::Kind::dep:
      return "dep " + check.dep_service + (check.dep_scope == HealthCheck::Scope::local ? "@local" : "@any");
    default: return to_string(check.kind);
  }
}

}  // namespace netkeel::site
