#include "netkeel/plan/text_table.hpp"

#include <gtest/gtest.h>

namespace netkeel::plan {
namespace {

TEST(TextTable, AlignsColumnsAndTrimsTrailingBlanks) {
  TextTable t({"NAME", "MTU"});
  t.add_row({"bond0.10", "1500"});
  t.add_row({"eno1", ""});
  EXPECT_EQ(t.render("  "), "  NAME      MTU\n  bond0.10  1500\n  eno1\n");
}

}  // namespace
}  // namespace netkeel::plan
