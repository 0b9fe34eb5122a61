// `diagnose host`'s verdict from synthetic facts, its JSON and table, and which components are a host's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/analyze/host_diagnosis.hpp"
#include "netkeel/site/site_loader.hpp"

namespace netkeel::analyze {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

PeerProbes row(const std::string& peer, bool outgoing, double lost, double rtt_s = 0.0002, double baseline_rtt_s = 0.0002) {
  return {"mgmt", peer, outgoing, 600, lost, lost / 600, rtt_s, 3600, 0, baseline_rtt_s};
}

HostDiagnosis clean_node2() {
  HostDiagnosis d;
  d.host = "node2";
  d.window_s = 600;
  d.baseline_s = 3600;
  d.last_report_age_s = 4;
  d.nics = {{"eno1", {"mgmt", "api"}, "sw1:2", true, "up", "", {}}};
  d.peers = {row("node1", true, 0), row("node1", false, 0), row("node3", true, 0), row("node3", false, 0)};
  d.stack = {{"Tcp_RetransSegs", 30, 0.05, 0.04}};
  return d;
}

TEST(HostVerdict, CleanHostSaysSo) {
  EXPECT_FALSE(host_verdict(clean_node2(), {}).fault);
  EXPECT_EQ(host_verdict(clean_node2(), {}).text,
            "no fault seen on node2: 4 probe rows to and from its peers are clean, no NIC errors, carrier steady");
}

TEST(HostVerdict, NamesTheCulpritOnItsSideWithItsCounters) {
  HostDiagnosis d = clean_node2();
  for (PeerProbes& p : d.peers) p = row(p.peer, p.outgoing, 120);
  d.nics[0].window.wire_errors = d.nics[0].window.error_increase = 40;
  d.nics[0].window.rising = {{"rx_crc_errors", 40}, {"rx_errors", 40}};
  d.culprits = {{ComponentKind::cable, "node2:eno1<->sw1:2", 0.41, "explains 4 of 4 lossy pairs on mgmt, no clean pair crosses it", {}}};
  EXPECT_EQ(host_verdict(d, d.culprits).text,
            "cable node2:eno1<->sw1:2 (0.41) is the likeliest culprit: explains 4 of 4 lossy pairs on mgmt, no clean "
            "pair crosses it; node2:eno1: rx_crc_errors +40, rx_errors +40 in the window");
}

TEST(HostVerdict, LossWhoseCulpritIsElsewhereSaysWhere) {
  HostDiagnosis d = clean_node2();
  d.peers[0] = row("node1", true, 60);
  const std::vector<RankedCulprit> all = {{ComponentKind::switch_, "sw2", 0.49, "explains 6 of 6", {}}};
  EXPECT_EQ(host_verdict(d, all).text, "loss on 1 of 4 of its probe rows, but the likeliest culprit is switch sw2 (0.49), not on node2");
  EXPECT_THAT(host_verdict(d, {}).text, HasSubstr("too little or too scattered to name a culprit"));
}

TEST(HostVerdict, CountersSpeakWhenProbesAreClean) {
  HostDiagnosis crc = clean_node2();
  crc.nics[0].window.wire_errors = crc.nics[0].window.error_increase = 12;
  crc.nics[0].window.rising = {{"rx_crc_errors", 12}};
  EXPECT_EQ(host_verdict(crc, {}).text, "no probe loss, but node2:eno1: rx_crc_errors +12 in the window; damaged frames: "
                                   "check the cable and the switch port");

  EXPECT_TRUE(host_verdict(crc, {}).fault);
  HostDiagnosis retransmits = clean_node2();
  retransmits.stack = {{"Tcp_RetransSegs", 3000, 5, 0.04}};
  EXPECT_THAT(host_verdict(retransmits, {}).text, StartsWith("no probe loss, but TCP retransmits run at 5.0/s against 0.04/s"));

  HostDiagnosis slow = clean_node2();
  for (PeerProbes& p : slow.peers) p.rtt_p50_s = 0.0012;
  EXPECT_THAT(host_verdict(slow, {}).text, StartsWith("no probe loss, but the median RTT to and from its peers is 6.0x its baseline"));

  HostDiagnosis member_down = clean_node2();
  member_down.bond_members = {{"bond0", "eno1", true, true, true}, {"bond0", "eno2", false, false, false}};
  EXPECT_EQ(host_verdict(member_down, {}).text, "no probe loss, but bond bond0 runs without member eno2 (down)");
}

TEST(HostVerdict, ASilentAgentComesFirst) {
  HostDiagnosis d = clean_node2();
  d.last_report_age_s = 95;
  EXPECT_EQ(host_verdict(d, {}).text,
            "its agent has sent nothing for 95 s (the host, its agent or its way to the server is down)");
  d.peers.clear();
  d.last_report_age_s.reset();
  EXPECT_EQ(host_verdict(d, {}).text, "its agent never reported");
}

TEST(HostDiagnosisJson, TableShowsEveryPart) {
  HostDiagnosis d = clean_node2();
  d.peers[1] = row("node1", false, 60, 0.0004);
  d.bond_members = {{"bond0", "eno1", true, true, std::nullopt}};
  d.verdict = host_verdict(d, {}).text;
  const nlohmann::json json = host_diagnosis_json(d);
  EXPECT_EQ(json["peers"][1]["direction"], "from");
  EXPECT_EQ(json["nics"][0]["carrier"], true);
  EXPECT_TRUE(json["bond_members"][0]["lacp_attached"].is_null());
  const std::string table = host_diagnosis_table(json);
  EXPECT_THAT(table, HasSubstr("host node2 over the last 600 s (baseline: the 3600 s before)\nverdict: loss on 1 of 4"));
  EXPECT_THAT(table, HasSubstr("agent: last report 4.0 s ago"));
  EXPECT_THAT(table, HasSubstr("eno1       yes      up              -        sw1:2"));
  EXPECT_THAT(table, HasSubstr("bond0      eno1       up    active"));
  EXPECT_THAT(table, HasSubstr("Tcp_RetransSegs"));
  EXPECT_THAT(table, HasSubstr("mgmt       node1      from  10.0% (60/600)          0.40 ms  0.0% (0/3600)"));
  EXPECT_THROW(host_diagnosis_table(nlohmann::json::object()), nlohmann::json::exception);
}

TEST(HostSideComponents, AreTheHostItsNicsCablesAndPorts) {
  auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml");
  const auto own = host_side_components(probe_paths_by_network(*loaded.site), "node2");
  EXPECT_EQ(own, (std::set<std::pair<ComponentKind, std::string>>{{ComponentKind::host, "node2"},
                                                                   {ComponentKind::nic, "node2:eno1"},
                                                                   {ComponentKind::cable, "node2:eno1<->sw1:2"},
                                                                   {ComponentKind::switch_port, "sw1:2"}}));
}

}  // namespace
}  // namespace netkeel::analyze
