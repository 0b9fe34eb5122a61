// The ovs-appctl bond/show and lacp/show parsers on output captured from a real lab (example 4, OVS
// userspace bonds, Open vSwitch 3.1): healthy, and with one member's cable down. Plus bad output.
#include "netkeel/collect/ovs_bond_output.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {
namespace {

std::string capture(const std::string& name) {
  std::ifstream in(std::string(NETKEEL_SOURCE_DIR) + "/tests/collect/ovs_captures/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const BondMemberState& member(const BondState& b, const std::string& name) {
  for (const auto& m : b.members)
    if (m.name == name) return m;
  throw std::runtime_error("no member " + name);
}

constexpr uint8_t kNegotiated = kLacpActivity | kLacpTimeout | kLacpAggregation | kLacpSynchronization |
                                kLacpCollecting | kLacpDistributing;

TEST(OvsBondOutput, HealthyLacpBond) {
  auto bonds = parse_ovs_bond_show(capture("bond_show_healthy.txt"));
  merge_ovs_lacp_show(capture("lacp_show_healthy.txt"), bonds);
  ASSERT_EQ(bonds.size(), 1u);
  const auto& b = bonds[0];
  EXPECT_EQ(b.name, "bond0-lag");
  EXPECT_EQ(b.source, "ovs");
  EXPECT_EQ(b.mode, "balance-tcp");
  EXPECT_EQ(b.lacp_status, "negotiated");
  EXPECT_EQ(b.active_member, "enp1s0f0");
  ASSERT_EQ(b.members.size(), 2u);
  for (const auto* name : {"enp1s0f0", "enp1s0f1"}) {
    const auto& m = member(b, name);
    EXPECT_TRUE(m.up) << name;
    EXPECT_TRUE(m.active) << name << ": a balance-tcp member carries traffic when enabled";
    EXPECT_EQ(m.lacp, "current") << name;
    EXPECT_TRUE(m.lacp_attached) << name;
    EXPECT_EQ(m.actor_state, kNegotiated) << name;
    EXPECT_EQ(m.partner_state, kNegotiated) << name;
  }
}

TEST(OvsBondOutput, MemberWithItsCableDownIsDisabledDefaultedAndDetached) {
  auto bonds = parse_ovs_bond_show(capture("bond_show_member_down.txt"));
  merge_ovs_lacp_show(capture("lacp_show_member_down.txt"), bonds);
  ASSERT_EQ(bonds.size(), 1u);
  const auto& down = member(bonds[0], "enp1s0f1");
  EXPECT_FALSE(down.up);
  EXPECT_FALSE(down.active);
  EXPECT_EQ(down.lacp, "defaulted");
  EXPECT_FALSE(down.lacp_attached);
  EXPECT_EQ(down.actor_state, kLacpActivity | kLacpTimeout | kLacpAggregation | kLacpDefaulted);
  EXPECT_EQ(down.partner_state, 0);
  const auto& up = member(bonds[0], "enp1s0f0");
  EXPECT_TRUE(up.up);
  EXPECT_EQ(up.lacp, "current");
  EXPECT_EQ(bonds[0].lacp_status, "negotiated");
}

TEST(OvsBondOutput, ActiveBackupBondWithOlderSlaveSpelling) {
  const std::string text =
      "---- bond0-lag ----\n"
      "bond_mode: active-backup\n"
      "lacp_status: off\n"
      "active slave mac: 00:1b:21:aa:00:20(eno2)\n"
      "\n"
      "slave eno1: enabled\n"
      "  may_enable: true\n"
      "\n"
      "slave eno2: enabled\n"
      "  active slave\n"
      "  may_enable: true\n";
  auto bonds = parse_ovs_bond_show(text);
  ASSERT_EQ(bonds.size(), 1u);
  EXPECT_EQ(bonds[0].mode, "active-backup");
  EXPECT_EQ(bonds[0].lacp_status, "off");
  EXPECT_EQ(bonds[0].active_member, "eno2");
  EXPECT_TRUE(member(bonds[0], "eno1").up);
  EXPECT_FALSE(member(bonds[0], "eno1").active);
  EXPECT_TRUE(member(bonds[0], "eno2").active);
  EXPECT_EQ(member(bonds[0], "eno1").lacp, "");
}

TEST(OvsBondOutput, NoBondsIsEmpty) {
  EXPECT_TRUE(parse_ovs_bond_show("").empty());
  std::vector<BondState> bonds;
  merge_ovs_lacp_show("", bonds);
  EXPECT_TRUE(bonds.empty());
}

TEST(OvsBondOutput, LacpStateWordsRoundTrip) {
  EXPECT_EQ(parse_lacp_port_state_words("activity timeout aggregation synchronized collecting distributing"), kNegotiated);
  EXPECT_EQ(lacp_port_state_words(kNegotiated), "activity timeout aggregation synchronized collecting distributing");
  EXPECT_EQ(parse_lacp_port_state_words(lacp_port_state_words(0xff)), 0xff);
  EXPECT_EQ(parse_lacp_port_state_words(""), 0);
  EXPECT_THROW(parse_lacp_port_state_words("activity sleepy"), std::invalid_argument);
}

struct BadOutput {
  const char* what;
  bool lacp;  // lacp/show (else bond/show)
  const char* text;
  const char* message;  // a part of the error
};

TEST(OvsBondOutput, BadOutputNamesCommandLineAndReason) {
  const BadOutput cases[] = {
      {"no header", false, "bond_mode: balance-tcp\n", "bond/show output, line 1: text before the first"},
      {"member state", false, "---- b ----\nmember eno1: sleeping\n", "line 2: member state 'sleeping'"},
      {"member without state", false, "---- b ----\nmember eno1\n", "line 2: a member line without"},
      {"lacp no header", true, "  status: active negotiated\n", "lacp/show output, line 1: text before"},
      {"lacp unknown word", true, "---- b ----\nmember: eno1: current glued\n", "line 2: unknown member status word 'glued'"},
      {"lacp no status", true, "---- b ----\nmember: eno1: attached\n", "line 2: no current, expired or defaulted"},
      {"state before member", true, "---- b ----\n  actor state: activity\n", "line 2: a port state before any member"},
      {"bad state word", true, "---- b ----\nmember: eno1: current attached\n  actor state: activity lazy\n",
       "line 3: unknown LACP state word 'lazy'"},
  };
  for (const auto& c : cases) {
    try {
      std::vector<BondState> bonds;
      if (c.lacp) merge_ovs_lacp_show(c.text, bonds);
      else parse_ovs_bond_show(c.text);
      ADD_FAILURE() << c.what << ": accepted";
    } catch (const RuntimeError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << c.what << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace netkeel::collect
