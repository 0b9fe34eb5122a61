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
  for (size_t i = 0; i < service.depends_on.size(); ++i) {
    const std::string& dependency = service.depends_on[i];
    if (dependency == service.name || site.find_service(dependency)) continue;  // self: reported as a cycle
    out.error(service.marks.of("depends_on." + std::to_string(i)),
              fmt::format("service '{}' depends on '{}', which is not a service of this site", service.name, dependency),
              unknown_name_hint(dependency, names_of(site.services), "services"));
  }
  if (service.check.kind == HealthCheck::Kind::tcp && !service.ports.empty() &&
      std::find(service.ports.begin(), service.ports.end(), service.check.tcp_port) == service.ports.end()) {
    out.warning(service.check.marks.of("tcp"),
                fmt::format("service '{}' checks TCP port {}, which is not one of its ports", service.name,
                            service.check.tcp_port),
                "check a port the service listens on");
  }
}

// Finds each dependency cycle once (iterative depth-first search: no recursion on deep chains).
void check_cycles(const Site& site, Diagnostics& out) {
  std::map<std::string, const Service*> by_name;
  for (const auto& service : site.services) by_name.emplace(service.name, &service);
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
      if (frame.next_dependency == frame.service->depends_on.size()) {
        color[frame.service->name] = Color::black;
        stack.pop_back();
        continue;
      }
      const size_t edge = frame.next_dependency++;
      const std::string& next = frame.service->depends_on[edge];
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
      out.error(closing.marks.of("depends_on." + std::to_string(edge)), fmt::format("dependency cycle: {}", path),
                fmt::format("services cannot start in a cycle: remove one of these depends_on entries (e.g. '{}' "
                            "from service '{}')",
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
