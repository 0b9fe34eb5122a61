#include "netkeel/store/link_event_kind.hpp"

#include <gtest/gtest.h>

namespace netkeel::store {
namespace {

// The wire strings are stored in databases and matched by users' queries: they must never change.
TEST(LinkEventKind, PrintsTheWireStrings) {
  EXPECT_EQ(to_string(LinkEventKind::down), "link_down");
  EXPECT_EQ(to_string(LinkEventKind::up), "link_up");
  EXPECT_EQ(to_string(LinkEventKind::flapping), "link_flapping");
  EXPECT_EQ(to_string(LinkEventKind::raw_down), "link_raw_down");
  EXPECT_EQ(to_string(LinkEventKind::raw_up), "link_raw_up");
  EXPECT_EQ(to_string(LinkEventKind::removed), "link_removed");
}

TEST(LinkEventKind, ParsesWhatItPrints) {
  for (LinkEventKind kind : {LinkEventKind::down, LinkEventKind::up, LinkEventKind::flapping,
                             LinkEventKind::raw_down, LinkEventKind::raw_up, LinkEventKind::removed}) {
    EXPECT_EQ(parse_link_event_kind(to_string(kind)), kind) << to_string(kind);
  }
}

TEST(LinkEventKind, OtherEventKindsAreNotLinkEvents) {
  EXPECT_FALSE(parse_link_event_kind("vip_moved"));
  EXPECT_FALSE(parse_link_event_kind("LINK_DOWN"));
  EXPECT_FALSE(parse_link_event_kind("link_"));
  EXPECT_FALSE(parse_link_event_kind(""));
}

}  // namespace
}  // namespace netkeel::store
