// The agent's per-interface link state machine on a fake clock.
#include "netkeel/agent/link_state_tracker.hpp"

#include <gtest/gtest.h>

#include "fakes/core/fake_clock.hpp"

namespace netkeel::agent {
namespace {

using store::LinkEventKind;

collect::LinkEvent raw(const std::string& name, bool up, bool removed = false) {
  return collect::LinkEvent{name, 3, up, removed, Nanoseconds(1'000)};
}

TEST(LinkStateTracker, DownAtOnceUpAfterTheHoldFlappingOnTheThirdQuickDown) {
  FakeClock clock;
  LinkStateTracker t(clock);
  auto e = t.observe(raw("eno1", false));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].kind, LinkEventKind::down);
  EXPECT_EQ(e[0].interface, "eno1");
  EXPECT_TRUE(t.observe(raw("eno1", true)).empty());
  ASSERT_TRUE(t.next_deadline());
  clock.set(*t.next_deadline());
  e = t.poll(Nanoseconds(2'000));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].kind, LinkEventKind::up);
  EXPECT_EQ(e[0].at, Nanoseconds(2'000));
  EXPECT_EQ(t.observe(raw("eno1", false))[0].kind, LinkEventKind::down);
  t.observe(raw("eno1", true));
  e = t.observe(raw("eno1", false));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].kind, LinkEventKind::flapping);
  EXPECT_EQ(t.states().at("eno1"), DampedState::flapping);
}

TEST(LinkStateTracker, InterfacesAreIndependentAndARemovedOneIsDown) {
  FakeClock clock;
  LinkStateTracker t(clock);
  t.observe(raw("eno1", false));
  t.observe(raw("eno1", true));
  t.observe(raw("eno1", false));
  t.observe(raw("eno1", true));
  auto e = t.observe(raw("eno2", false, true));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].kind, LinkEventKind::down);
  EXPECT_EQ(t.states().at("eno2"), DampedState::down);
  EXPECT_EQ(t.states().at("eno1"), DampedState::down);  // its up has not held yet
  EXPECT_EQ(t.states().size(), 2u);
}

// The agent's --flap-* flags reach every interface's damper.
TEST(LinkStateTracker, FollowsTheDampingOptionsItIsGiven) {
  FakeClock clock;
  FlapDamperOptions options;
  options.suppress_above = 1500;  // the second quick flap
  options.up_hold = Nanoseconds(0);
  LinkStateTracker t(clock, options);
  EXPECT_EQ(t.observe(raw("eno1", false)).at(0).kind, LinkEventKind::down);
  EXPECT_EQ(t.observe(raw("eno1", true)).at(0).kind, LinkEventKind::up) << "no hold: reported at once";
  EXPECT_EQ(t.observe(raw("eno1", false)).at(0).kind, LinkEventKind::flapping);
}

}  // namespace
}  // namespace netkeel::agent
