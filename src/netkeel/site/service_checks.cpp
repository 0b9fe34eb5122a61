// Service networks, hosts, health checks and the dependency graph.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/site/host_networks.hpp"
#include "netkeel/site/site_checks.hpp"

namespace netkeel::site {
namespace {

// One edge of the dependency graph: a `depends_on` entry or a dep check, with where it was written.
struct Dependency {
  std::string service;
  SourceMark mark;
};

std::vector<Dependency> dependencies_of(const Service& service) {
  std::vector<Dependency> out;
  for (size_t i = 0; i < service.depends_on.size(); ++i)
    out.push_back({service.depends_on[i], service.marks.of("depends_on." + std::to_string(i))});
  for (const HealthCheck& check : service.checks)
    if (check.kind == HealthCheck::Kind::dep) out.push_back({check.dep_service, check.marks.of("dep")});
  return out;
}

bool may_run_on(const Service& service, const std::string& host) {
  return service.hosts.empty() || std::find(service.hosts.begin(), service.hosts.end(), host) != service.hosts.end();
}

void check_health_check(const Site& site, const Service& service, const HealthCheck& check, Diagnostics& out) {
  if (check.kind == HealthCheck::Kind::tcp && !service.ports.empty() &&
      std::find(service.ports.begin(), service.ports.end(), check.tcp_port) == service.ports.end()) {
    out.warning(check.marks.of("tcp"),
                fmt::format("service '{}' checks TCP port {}, which is not one of its ports", service.name,
                            check.tcp_port),
                "check a port the service listens on");
  }
  if (check.kind == HealthCheck::Kind::http && service.ports.empty()) {
    out.error(check.marks.of("http"),
              fmt::format("service '{}' has an http check but no port to send it to", service.name),
              "give the service port: N (the check goes to its first port), or use an exec check");
  }
  if (check.timeout > check.interval && check.marks.has("timeout")) {
    out.warning(check.marks.of("timeout"),
                fmt::format("service '{}' check {}: timeout {}ms is longer than its interval {}ms", service.name,
                            describe(check), check.timeout.count(), check.interval.count()),
                "a check that may take longer than its interval delays the next one; shorten the timeout");
  }
  if (check.kind == HealthCheck::Kind::dep && (check.marks.has("interval") || check.marks.has("timeout"))) {
    out.warning(check.marks.of(check.marks.has("interval") ? "interval" : "timeout"),
                fmt::format("service '{}' check {}: a dep check is judged from the keepers' reports every 500ms; "
                            "interval and timeout do not apply",
                            service.name, describe(check)),
                "remove interval and timeout from the dep check (fall, rise and hold_down do apply)");
  }
  if (check.kind == HealthCheck::Kind::dep && check.dep_scope == HealthCheck::Scope::local) {
    const Service* dependency = site.find_service(check.dep_service);
    if (!dependency || dependency == &service) return;
    bool shared = false;
    for (const auto& host : site.hosts) shared |= may_run_on(service, host.name) && may_run_on(*dependency, host.name);
    if (!shared) {
      out.error(check.marks.of("dep"),
                fmt::format("service '{}' needs '{}' on the same host (@local), but no host may run both",
                            service.name, dependency->name),
                fmt::format("let a host run both (their `hosts` lists), or write dep: {}@any", dependency->name));
    }
  }
}

void check_references(const Site& site, const Service& service, Diagnostics& out) {
  const Network* network = site.find_network(service.network);
  if (!service.network.empty() && !network) {
    out.error(service.marks.of("network"),
              fmt::format("service '{}' is on network '{}', which is not a network of this site", service.name,
                          service.network),
              unknown_name_hint(service.network, names_of(site.networks), "networks"));
  }
  for (size_t i = 0; i < service.hosts.size(); ++i) {
    const SourceMark mark = service.marks.of("hosts." + std::to_string(i));
    const Host* host = site.find_host(service.hosts[i]);
    if (!host) {
      out.error(mark, fmt::format("service '{}' lists host '{}', which is not a host of this site", service.name,
                                  service.hosts[i]),
                unknown_name_hint(service.hosts[i], names_of(site.hosts), "hosts"));
      continue;
    }
    if (!network) continue;
    const auto carried = networks_carried_by(site, *host);
    if (std::find(carried.begin(), carried.end(), network) == carried.end()) {
      out.error(mark,
                fmt::format("service '{}' may run on host '{}', but none of its NICs carries network '{}'",
                            service.name, host->name, network->name),
                fmt::format("add {} to a NIC's networks on '{}', or remove the host from the service", network->name,
                            host->name));
    }
  }
  for (const Dependency& dependency : dependencies_of(service)) {
    if (dependency.service == service.name || site.find_service(dependency.service)) continue;  // self: a cycle
    out.error(dependency.mark,
              fmt::format("service '{}' depends on '{}', which is not a service of this site", service.name,
                          dependency.service),
              unknown_name_hint(dependency.service, names_of(site.services), "services"));
  }
  for (const HealthCheck& check : service.checks) check_health_check(site, service, check, out);
}

// Finds each dependency cycle once (iterative depth-first search: no recursion on deep chains).
void check_cycles(const Site& site, Diagnostics& out) {
  std::map<std::string, const Service*> by_name;
  std::map<const Service*, std::vector<Dependency>> edges;
  for (const auto& service : site.services) {
    by_name.emplace(service.name, &service);
    edges[&service] = dependencies_of(service);
  }
  enum class Color { white, grey, black };
  std::map<std::string, Color> color;
  std::set<std::vector<std::string>> reported;
  for (const auto& start : site.services) {
    if (color[start.name] != Color::white) continue;
    struct Frame {
      const Service* service;
      size_t next_dependency;
    };
    std::vector<Frame> stack{{&start, 0}};
    color[start.name] = Color::grey;
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const std::vector<Dependency>& out_edges = edges[frame.service];
      if (frame.next_dependency == out_edges.size()) {
        color[frame.service->name] = Color::black;
        stack.pop_back();
        continue;
      }
      const size_t edge = frame.next_dependency++;
      const std::string& next = out_edges[edge].service;
      auto found = by_name.find(next);
      if (found == by_name.end()) continue;
      if (color[next] == Color::white) {
        color[next] = Color::grey;
        stack.push_back({found->second, 0});
        continue;
      }
      if (color[next] != Color::grey) continue;
      // A back edge: the cycle is the stack from `next` to here.
      std::vector<std::string> cycle;
      auto begin = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.service->name == next; });
      for (auto it = begin; it != stack.end(); ++it) cycle.push_back(it->service->name);
      std::vector<std::string> canonical = cycle;
      std::rotate(canonical.begin(), std::min_element(canonical.begin(), canonical.end()), canonical.end());
      if (!reported.insert(canonical).second) continue;
      std::string path;
      for (const auto& name : cycle) path += name + " -> ";
      path += next;
      const Service& closing = *stack.back().service;
      out.error(edges[&closing][edge].mark, fmt::format("dependency cycle: {}", path),
                fmt::format("a service cannot depend on itself through others: remove one of these dependencies "
                            "(depends_on entry or dep check), e.g. '{}' from service '{}'",
                            next, closing.name));
    }
  }
}

}  // namespace

void check_services(const Site& site, Diagnostics& out) {
  for (const auto& service : site.services) check_references(site, service, out);
  check_cycles(site, out);
}

}  // namespace netkeel::site
