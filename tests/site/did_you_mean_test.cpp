#include "netkeel/site/did_you_mean.hpp"

#include <gtest/gtest.h>

namespace netkeel::site {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndTranspositions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("mtu", "mtu"), 0u);
  EXPECT_EQ(edit_distance("port_sped", "port_speed"), 1u);  // insertion
  EXPECT_EQ(edit_distance("vlann", "vlan"), 1u);            // deletion
  EXPECT_EQ(edit_distance("cidr", "cide"), 1u);             // substitution
  EXPECT_EQ(edit_distance("mut", "mtu"), 1u);               // transposition
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(EditDistance, IgnoresCase) { EXPECT_EQ(edit_distance("MTU", "mtu"), 0u); }

TEST(DidYouMean, SuggestsTheClosestPlausibleCandidate) {
  const std::vector<std::string> keys = {"name", "rack", "lacp", "mlag_peer", "port_speed", "mtu", "uplinks", "asn"};
  EXPECT_EQ(did_you_mean("port_sped", keys), "port_speed");
  EXPECT_EQ(did_you_mean("mlagpeer", keys), "mlag_peer");
  EXPECT_EQ(did_you_mean("uplink", keys), "uplinks");
  EXPECT_EQ(did_you_mean("mut", keys), "mtu");
}

TEST(DidYouMean, StaysQuietWhenNothingIsClose) {
  const std::vector<std::string> keys = {"name", "rack", "lacp"};
  EXPECT_FALSE(did_you_mean("bandwidth", keys));
  EXPECT_FALSE(did_you_mean("", keys));
  EXPECT_FALSE(did_you_mean("nmae", {}));
  // Short words allow one edit only: "ab" is not a typo of "name".
  EXPECT_FALSE(did_you_mean("ab", keys));
}

TEST(DidYouMean, SkipsVeryLongWordsInsteadOfSpendingQuadraticTime) {
  EXPECT_FALSE(did_you_mean(std::string(100000, 'a'), {std::string(100000, 'a')}));
}

TEST(UnknownNameHint, SuggestsOrListsKnownNames) {
  EXPECT_EQ(unknown_name_hint("tor3", {"leaf1", "tor1"}, "switches"), "did you mean 'tor1'?");
  EXPECT_EQ(unknown_name_hint("zzz", {"leaf1", "leaf2"}, "switches"), "known switches: leaf1, leaf2");
  EXPECT_EQ(unknown_name_hint("zzz", {}, "switches"), "no switches are defined");
}

}  // namespace
}  // namespace netkeel::site
