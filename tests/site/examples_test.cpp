// Every example site loads and validates with zero errors: they are the fixtures of every module.
#include <gtest/gtest.h>

#include "netkeel/site/site_validator.hpp"
#include "site/site_test_support.hpp"

namespace netkeel::site {
namespace {

class ExampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleTest, ValidatesWithoutErrors) {
  const auto checked = load_and_validate(testing::example_path(GetParam()));
  ASSERT_TRUE(checked.site.has_value()) << format_diagnostics(checked.diagnostics);
  EXPECT_EQ(checked.diagnostics.error_count(), 0u) << format_diagnostics(checked.diagnostics);
  EXPECT_TRUE(checked.ok());
  EXPECT_FALSE(checked.site->hosts.empty());
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTest,
                         ::testing::Values("1-one-rack-one-vlan.yaml", "2-production-mlag.yaml",
                                           "3-two-switches-no-mlag.yaml", "4-one-lacp-switch.yaml",
                                           "5-leaf-spine-l3.yaml", "6-grown-two-racks.yaml"),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return "example_" + name;
                         });

}  // namespace
}  // namespace netkeel::site
