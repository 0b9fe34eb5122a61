#pragma once
// A snapshot with a sample in every family the page can show (and the odd cases: a label value that
// needs escaping, an empty label value, a -1 libvirt counter, a bond without LACP, a failed collector),
// for tests that compare whole pages.
#include <chrono>

#include "netkeel/agent/agent_snapshot.hpp"

namespace netkeel::agent::testing {

inline AgentSnapshot every_family_snapshot() {
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  AgentSnapshot s;
  s.site = "acme";
  s.host = "node1";
  s.version = "9.8.7";
  probe::TargetResult icmp;
  icmp.target = probe::ProbeTarget{"node1", "node2", probe::TargetRole::host, "mgmt", probe::ProbeKind::icmp,
                                   Ipv4Address(0x0a0a0001), Ipv4Address(0x0a0a0002), 0};
  icmp.sent_total = 120;
  icmp.lost_total = 3;
  icmp.rtt_sum_total = microseconds(31'000'123);
  icmp.interval.sent = 3;
  icmp.interval.lost = 1;
  icmp.interval.rtt = probe::RttSummary{microseconds(250), microseconds(275), microseconds(300), microseconds(251), microseconds(299)};
  icmp.interval.replies = {{SteadyTime{} + milliseconds(100), microseconds(250)}, {SteadyTime{} + milliseconds(1100), microseconds(300)}};
  probe::TargetResult udp = icmp;
  udp.target.kind = probe::ProbeKind::udp;
  udp.target.dst = "svc \"web\"\\1";
  udp.target.port = 9946;
  udp.interval = {};  // nothing sent this interval
  s.probes = {icmp, udp};
  s.nics = {collect::NicCounters{"eno1", 2, "bond0", true, "up", 4, {{"rx_bytes", 1000}, {"tx_dropped", 2}}},
            collect::NicCounters{"bond0", 3, "", false, "lowerlayerdown", 1, {{"rx_bytes", 9007199254740992}}}};
  s.netstat = {{"Tcp", "RetransSegs", 17}, {"TcpExt", "Listen-Drops", 0}};
  s.link_transitions = {{"eno2", 2}};
  s.responder_answered_total = 55;
  s.send_times = {{probe::ProbeKind::icmp, {118, 2}}, {probe::ProbeKind::udp, {0, 117}}};
  s.vms = {collect::VmInterfaceCounters{"web-1", "u-1", "vnet0", "52:54:00:00:00:01", 1, 2, 3, -1, 5, 6, 7, 8}};
  s.vm_collector_up = true;
  s.bonds = {collect::BondState{"bond0", "kernel", "802.3ad", "negotiated", "", {}},
             collect::BondState{"bond1", "ovs", "active-backup", "", "eno4", {}}};
  s.bonds[0].members.push_back(collect::BondMemberState{"eno1", true, true, 0, 1, "current", true, 63, 61});
  s.bonds[1].members.push_back(collect::BondMemberState{"eno4", true, false, 0, 0, "", false, std::nullopt, std::nullopt});
  s.ovs_collector_up = false;
  s.link_states = {{"eno1", DampedState::up}, {"eno2", DampedState::flapping}};
  s.collector_errors = {"netstat: gone"};
  s.shipping = ShippingCounters{};
  s.shipping->spool_batches = 4;
  s.shipping->failures["unreachable"] = 7;
  s.keeper_scrapes = KeeperScrapeCounters{};
  s.keeper_scrapes->scrapes = 12;
  s.keeper_scrapes->failures["unreachable"] = 2;
  s.keeper_scrapes->up = true;
  s.keeper_scrapes->samples = 40;
  return s;
}

}  // namespace netkeel::agent::testing
