#include "netkeel/apply/ownership_record.hpp"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::apply {
namespace {

using ::testing::HasSubstr;

Ipv4Address ip(const char* t) { return *Ipv4Address::parse(t); }

TEST(OwnershipRecord, RecordsWhatWasCreatedAndForgetsWhatWasRemoved) {
  OwnershipRecord r;
  r.update({CreateLink{{"bond0", "bond"}}, CreateLink{{"bond0.10", "vlan"}}, AddAddress{{"bond0.10", ip("10.0.0.1"), 24}},
            ReplaceNeighbour{{"bond0.10", ip("10.0.0.2"), {}, kernel::NeighbourState::permanent}, std::nullopt},
            AddAddress{{"eno3", ip("10.9.0.1"), 24}}});
  EXPECT_EQ(r.links.size(), 2u);
  kernel::Link vlan;
  vlan.name = "bond0.10";
  vlan.kind = "vlan";
  r.update({DeleteLink{vlan}});
  EXPECT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.addresses.size(), 1u);  // the VLAN's address went with it
  EXPECT_TRUE(r.neighbours.empty());
}

TEST(OwnershipRecord, RoundTripsThroughItsFile) {
  OwnershipRecord r;
  r.links.insert({"bond0", "bond"});
  r.addresses.insert({"bond0", ip("10.0.0.1"), 24});
  r.neighbours.insert({"bond0", ip("10.0.0.2")});
  const auto path = ::testing::TempDir() + "nk-owned/netns-x.owned.json";
  save_ownership_record(path, r);
  EXPECT_EQ(load_ownership_record(path), r);
  EXPECT_EQ(load_ownership_record(path + ".missing"), OwnershipRecord{});
}

TEST(OwnershipRecord, BadFileIsRejectedWithItsNameAndAFix) {
  try {
    ownership_record_from_json("{\"version\": 1, \"links\": 3}", "/var/lib/netkeel/host.owned.json");
    FAIL() << "accepted a bad record";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/var/lib/netkeel/host.owned.json: not a valid ownership record"));
    EXPECT_THAT(e.what(), HasSubstr("move it away"));
  }
  EXPECT_THROW(ownership_record_from_json("{\"version\": 7}", "f"), RuntimeError);
  EXPECT_THROW(ownership_record_from_json("not json", "f"), RuntimeError);
}

TEST(OwnershipRecord, PrunePolicyTouchesOnlyNetkeelsObjects) {
  OwnershipRecord r;
  r.addresses.insert({"eno1", ip("10.0.0.1"), 24});
  r.neighbours.insert({"eno1", ip("10.0.0.2")});
  r.links.insert({"bond0", "bond"});
  auto p = ownership_policy(r, true);
  EXPECT_TRUE(p.address({"eno1", ip("10.0.0.1"), 24}));
  EXPECT_FALSE(p.address({"eno1", ip("10.0.0.9"), 24}));
  kernel::Route ours, theirs;
  ours.protocol = plan::kRouteProtocol;
  theirs.protocol = 4;
  EXPECT_TRUE(p.route(ours));
  EXPECT_FALSE(p.route(theirs));
  EXPECT_TRUE(p.rule({plan::kRulePriorityFirst, {}, 100}));
  EXPECT_TRUE(p.rule({plan::kRulePriorityLast, {}, 100}));
  EXPECT_FALSE(p.rule({plan::kRulePriorityLast + 1, {}, 100}));
  EXPECT_FALSE(p.rule({32766, {}, 254}));
  EXPECT_TRUE(p.neighbour({"eno1", ip("10.0.0.2"), {}, kernel::NeighbourState::permanent}));
  EXPECT_FALSE(p.neighbour({"eno1", ip("10.0.0.3"), {}, kernel::NeighbourState::permanent}));
  kernel::Link bond;
  bond.name = "bond0";
  bond.kind = "bond";
  EXPECT_TRUE(p.link(bond));
  bond.kind = "dummy";
  EXPECT_FALSE(p.link(bond));

  auto keep = ownership_policy(r, false);
  EXPECT_FALSE(keep.route(ours));
  EXPECT_FALSE(keep.address({"eno1", ip("10.0.0.1"), 24}));
  bond.kind = "bond";
  EXPECT_FALSE(keep.link(bond));
  EXPECT_TRUE(keep.replace_link(bond));
}

}  // namespace
}  // namespace netkeel::apply
