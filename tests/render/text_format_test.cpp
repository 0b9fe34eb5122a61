#include "netkeel/render/text_format.hpp"

#include <gtest/gtest.h>

namespace netkeel::render {
namespace {

TEST(TextFormat, YamlScalarQuotesOnlyWhatYamlWouldMisread) {
  EXPECT_EQ(yaml_scalar("bond0.10"), "bond0.10");
  EXPECT_EQ(yaml_scalar("eno1"), "eno1");
  EXPECT_EQ(yaml_scalar("10"), "\"10\"");
  EXPECT_EQ(yaml_scalar("on"), "\"on\"");
  EXPECT_EQ(yaml_scalar("No"), "\"No\"");
  EXPECT_EQ(yaml_scalar("a:b"), "\"a:b\"");
  EXPECT_EQ(yaml_scalar("a\"b"), "\"a\\\"b\"");
}

TEST(TextFormat, ShellWordQuotesSpecialCharacters) {
  EXPECT_EQ(shell_word("net.ipv4.conf.bond0/10.arp_filter=1"), "net.ipv4.conf.bond0/10.arp_filter=1");
  EXPECT_EQ(shell_word("a b"), "'a b'");
  EXPECT_EQ(shell_word("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_word("$(x)"), "'$(x)'");
}

TEST(TextFormat, DefaultDestinationIsSpelledDefault) {
  EXPECT_EQ(destination_text(*Ipv4Prefix::parse("0.0.0.0/0")), "default");
  EXPECT_EQ(destination_text(*Ipv4Prefix::parse("10.0.0.0/8")), "10.0.0.0/8");
}

}  // namespace
}  // namespace netkeel::render
