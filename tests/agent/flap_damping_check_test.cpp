// The agent's --flap-* flags: every inconsistent value is a usage error naming the flag and the fix.
#include "netkeel/agent/flap_damping_check.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

TEST(FlapDampingCheck, TheDefaultsPass) { EXPECT_NO_THROW(check_flap_damping(FlapDamperOptions{})); }

TEST(FlapDampingCheck, ZeroUpHoldIsAllowed) {
  FlapDamperOptions o;
  o.up_hold = Nanoseconds(0);
  EXPECT_NO_THROW(check_flap_damping(o));
}

struct BadDamping {
  const char* what;
  std::function<void(FlapDamperOptions&)> change;
  const char* flag;  // the message names it
};

class FlapDampingCheckBad : public ::testing::TestWithParam<BadDamping> {};

TEST_P(FlapDampingCheckBad, IsAUsageErrorNamingTheFlag) {
  FlapDamperOptions o;
  GetParam().change(o);
  try {
    check_flap_damping(o);
    FAIL() << GetParam().what << " was accepted";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(GetParam().flag), std::string::npos) << message;
    EXPECT_NE(message.find("default"), std::string::npos) << "says what a good value looks like: " << message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, FlapDampingCheckBad,
    ::testing::Values(BadDamping{"zero penalty", [](auto& o) { o.penalty_per_flap = 0; }, "--flap-penalty"},
                      BadDamping{"negative penalty", [](auto& o) { o.penalty_per_flap = -5; }, "--flap-penalty"},
                      BadDamping{"zero suppress", [](auto& o) { o.suppress_above = 0; }, "--flap-suppress"},
                      BadDamping{"reuse above suppress", [](auto& o) { o.reuse_below = 3000; }, "--flap-reuse"},
                      BadDamping{"reuse equal to suppress", [](auto& o) { o.reuse_below = o.suppress_above; }, "--flap-reuse"},
                      BadDamping{"zero reuse", [](auto& o) { o.reuse_below = 0; }, "--flap-reuse"},
                      BadDamping{"zero half-life", [](auto& o) { o.half_life = Nanoseconds(0); }, "--flap-half-life"},
                      BadDamping{"negative hold", [](auto& o) { o.up_hold = Nanoseconds(-1); }, "--flap-up-hold"},
                      BadDamping{"zero forget", [](auto& o) { o.forget_after = Nanoseconds(0); }, "--flap-forget"}));

}  // namespace
}  // namespace netkeel::agent
