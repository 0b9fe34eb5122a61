#include "netkeel/lab/lab_fault.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/lab/flap_schedule.hpp"

namespace netkeel::lab {
namespace {

struct LinkEnd {
  std::string netns;
  std::string ifname;
};

// A pulled cable: the switch end goes down, so the host end loses carrier without netkeel's host
// configuration (admin state, addresses) being touched.
void set_down(FaultPlan& plan, const LinkEnd& end) {
  plan.inject.push_back({"ip", "-n", end.netns, "link", "set", end.ifname, "down"});
  plan.undo.push_back({"ip", "-n", end.netns, "link", "set", end.ifname, "up"});
}

// The switch end and the target end (where a loss fault filters) of HOST:NIC or SWITCH:PORT.
struct Resolved {
  LinkEnd switch_end;
  LinkEnd target_end;
};

Resolved resolve_link(const LabManifest& lab, const std::string& target) {
  auto colon = target.find(':');
  if (colon == std::string::npos)
    throw UsageError("fault target '" + target + "': write HOST:NIC or SWITCH:PORT (see `netkeel lab status`)");
  std::string node = target.substr(0, colon), port = target.substr(colon + 1);
  for (const auto& l : lab.links) {
    if (l.role == "cable" && l.id == target) return {{l.b_netns, l.b_ifname}, {l.a_netns, l.a_ifname}};
    if (l.role == "cable" && l.b_switch == node && (l.site_port == port || l.b_ifname == port))
      return {{l.b_netns, l.b_ifname}, {l.b_netns, l.b_ifname}};
    if (l.role == "uplink" && l.a_switch == node && l.a_ifname == port)
      return {{l.a_netns, l.a_ifname}, {l.a_netns, l.a_ifname}};
    if (l.role == "uplink" && l.b_switch == node && l.b_ifname == port)
      return {{l.b_netns, l.b_ifname}, {l.b_netns, l.b_ifname}};
  }
  throw UsageError("lab " + lab.lab + " has no link '" + target +
                   "': write HOST:NIC or SWITCH:PORT as `netkeel lab status` lists them");
}

// nftables in the target end's namespace: drop a random share of the frames on that interface.
void add_loss(FaultPlan& plan, const LinkEnd& end, double percent, FaultRequest::Direction direction,
              const std::string& fault_id) {
  const std::string table = "nklab_" + fault_id;
  const int permille = static_cast<int>(std::lround(percent * 10));
  std::string script = fmt::format("add table netdev {};", table);
  auto chain = [&](const char* name, const char* hook) {
    script += fmt::format(" add chain netdev {0} {1} {{ type filter hook {2} device \"{3}\" priority 0; }};"
                          " add rule netdev {0} {1} numgen random mod 1000 < {4} drop;",
                          table, name, hook, end.ifname, permille);
  };
  if (direction != FaultRequest::Direction::out) chain("in", "ingress");
  if (direction != FaultRequest::Direction::in) chain("out", "egress");
  plan.inject.push_back({"ip", "netns", "exec", end.netns, "nft", script});
  plan.undo.push_back({"ip", "netns", "exec", end.netns, "nft", "delete table netdev " + table});
}

// "h1,h2" or "rack:r1" -> the lab's host records.
std::vector<const HostRecord*> resolve_group(const LabManifest& lab, const std::string& group) {
  std::vector<const HostRecord*> hosts;
  if (group.rfind("rack:", 0) == 0) {
    for (const auto& h : lab.hosts)
      if (h.rack == group.substr(5)) hosts.push_back(&h);
  } else {
    size_t start = 0;
    while (start <= group.size()) {
      auto comma = group.find(',', start);
      std::string name = group.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      auto it = std::find_if(lab.hosts.begin(), lab.hosts.end(), [&](const HostRecord& h) { return h.name == name; });
      if (it == lab.hosts.end())
        throw UsageError("partition group '" + group + "': lab " + lab.lab + " has no host '" + name +
                         "' (write HOST,HOST or rack:NAME)");
      hosts.push_back(&*it);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (hosts.empty()) throw UsageError("partition group '" + group + "' names no host of lab " + lab.lab);
  return hosts;
}

// In every namespace of `side`, drop IP traffic to and from the other side's addresses.
void add_partition_side(FaultPlan& plan, const std::vector<const HostRecord*>& side,
                        const std::vector<const HostRecord*>& other, const std::string& network,
                        const std::string& fault_id) {
  std::string set;
  for (const auto* h : other)
    for (const auto& [net, address] : h->addresses)
      if (network.empty() || net == network) set += (set.empty() ? "" : ", ") + address;
  if (set.empty()) return;
  const std::string table = "nklab_" + fault_id;
  for (const auto* h : side) {
    std::string script = fmt::format(
        "add table inet {0}; add chain inet {0} in {{ type filter hook input priority 0; }};"
        " add rule inet {0} in ip saddr {{ {1} }} drop;"
        " add chain inet {0} out {{ type filter hook output priority 0; }};"
        " add rule inet {0} out ip daddr {{ {1} }} drop;",
        table, set);
    plan.inject.push_back({"ip", "netns", "exec", h->netns, "nft", script});
    plan.undo.push_back({"ip", "netns", "exec", h->netns, "nft", "delete table inet " + table});
  }
}

}  // namespace

FaultPlan plan_fault(const LabManifest& lab, const FaultRequest& request, const std::string& fault_id) {
  FaultPlan plan;
  switch (request.kind) {
    case FaultRequest::Kind::link_down: {
      plan.description = "link-down " + request.target;
      set_down(plan, resolve_link(lab, request.target).switch_end);
      break;
    }
    case FaultRequest::Kind::switch_down: {
      plan.description = "switch-down " + request.target;
      // Only this switch's ports: for one ToR of an MLAG pair, its half of the shared instance.
      for (const auto& l : lab.links) {
        if (l.a_switch == request.target) set_down(plan, {l.a_netns, l.a_ifname});
        if (l.b_switch == request.target) set_down(plan, {l.b_netns, l.b_ifname});
      }
      if (plan.inject.empty())
        throw UsageError("lab " + lab.lab + " has no switch '" + request.target + "' with links (see `netkeel lab status`)");
      break;
    }
    case FaultRequest::Kind::host_down: {
      plan.description = "host-down " + request.target;
      std::string netns;
      for (const auto& h : lab.hosts)
        if (h.name == request.target) netns = h.netns;
      if (netns.empty())
        throw UsageError("lab " + lab.lab + " has no host '" + request.target + "' (see `netkeel lab status`)");
      for (const auto& l : lab.links)
        if (l.role == "cable" && l.a_netns == netns) set_down(plan, {l.b_netns, l.b_ifname});
      plan.stop_processes_in = netns;
      plan.frozen_host = request.target;
      break;
    }
    case FaultRequest::Kind::loss: {
      if (!(request.percent > 0 && request.percent <= 100))
        throw UsageError(fmt::format("--percent {}: give a loss between 0 (exclusive) and 100", request.percent));
      const char* dir = request.direction == FaultRequest::Direction::in    ? "in"
                        : request.direction == FaultRequest::Direction::out ? "out"
                                                                              : "both";
      plan.description = fmt::format("loss {} {}% {}", request.target, request.percent, dir);
      add_loss(plan, resolve_link(lab, request.target).target_end, request.percent, request.direction, fault_id);
      break;
    }
    case FaultRequest::Kind::flap: {
      auto end = resolve_link(lab, request.target).switch_end;
      flap_schedule(request.per_minute, request.duration);  // throws on a bad rate or duration
      plan.description = fmt::format("flap {} {}/min for {}s", request.target, request.per_minute,
                                     request.duration.count() / 1000.0);
      plan.flap_netns = end.netns;
      plan.flap_ifname = end.ifname;
      plan.stop_services.push_back("flap-" + fault_id);
      // The driver leaves the port up when stopped; this also covers a driver killed with SIGKILL.
      plan.undo.push_back({"ip", "-n", end.netns, "link", "set", end.ifname, "up"});
      break;
    }
    case FaultRequest::Kind::service_down: {
      plan.description = "service-down " + request.target;
      const bool every_host = request.target.find('@') == std::string::npos;
      for (const auto& s : lab.services) {
        if (!s.fault.empty() || !s.wanted) continue;  // a fault's driver, or already down
        if (every_host ? s.name == request.target : s.id() == request.target) plan.restart_services.push_back(s.id());
      }
      if (plan.restart_services.empty())
        throw UsageError("lab " + lab.lab + " runs no service '" + request.target +
                         "' (write SERVICE or SERVICE@HOST as `netkeel lab status` lists them under services)");
      break;
    }
    case FaultRequest::Kind::partition: {
      auto a = resolve_group(lab, request.target), b = resolve_group(lab, request.other_group);
      for (const auto* h : a)
        if (std::find(b.begin(), b.end(), h) != b.end())
          throw UsageError("partition: host " + h->name + " is in both groups");
      if (!request.network.empty()) {
        bool known = false;
        for (const auto& h : lab.hosts) known |= h.addresses.count(request.network) > 0;
        if (!known) throw UsageError("partition --network " + request.network + ": no host of the lab is on it");
      }
      plan.description = "partition " + request.target + " | " + request.other_group +
                         (request.network.empty() ? "" : " on " + request.network);
      add_partition_side(plan, a, b, request.network, fault_id);
      add_partition_side(plan, b, a, request.network, fault_id);
      break;
    }
  }
  return plan;
}

std::map<std::string, std::string> hosts_down(const LabManifest& lab) {
  std::map<std::string, std::string> down;
  for (const FaultRecord& fault : lab.faults) {
    if (!fault.frozen_host.empty()) down.emplace(fault.frozen_host, fault.id);
  }
  return down;
}

FaultRequest::Kind parse_fault_kind(const std::string& text) {
  if (text == "link-down") return FaultRequest::Kind::link_down;
  if (text == "switch-down") return FaultRequest::Kind::switch_down;
  if (text == "host-down") return FaultRequest::Kind::host_down;
  if (text == "loss") return FaultRequest::Kind::loss;
  if (text == "partition") return FaultRequest::Kind::partition;
  if (text == "flap") return FaultRequest::Kind::flap;
  if (text == "service-down") return FaultRequest::Kind::service_down;
  throw UsageError("unknown fault '" + text +
                   "': use link-down, switch-down, host-down, loss, partition, flap or service-down");
}

FaultRequest::Direction parse_fault_direction(const std::string& text) {
  if (text == "in") return FaultRequest::Direction::in;
  if (text == "out") return FaultRequest::Direction::out;
  if (text == "both") return FaultRequest::Direction::both;
  throw UsageError("--direction " + text + ": use in, out or both");
}

}  // namespace netkeel::lab
