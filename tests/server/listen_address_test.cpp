#include "netkeel/server/listen_address.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"
#include "netkeel/server/bearer_token.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

TEST(ListenAddress, ParsesHostPortIpv6AndNamespace) {
  const ListenAddress plain = parse_listen_address("127.0.0.1:9948");
  EXPECT_EQ(plain.host, "127.0.0.1");
  EXPECT_EQ(plain.port, 9948);
  EXPECT_EQ(plain.describe(), "127.0.0.1:9948");
  const ListenAddress v6 = parse_listen_address("[::1]:0");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.describe(), "[::1]:0");
  const ListenAddress in = parse_listen_in("lab-mgmt=10.10.0.254:9948");
  EXPECT_EQ(in.netns, "lab-mgmt");
  EXPECT_EQ(in.host, "10.10.0.254");
  EXPECT_EQ(in.describe(), "lab-mgmt=10.10.0.254:9948");
}

TEST(ListenAddress, RejectsBadFormsNamingTheFlag) {
  const struct {
    const char* text;
    bool in_namespace;
    const char* expected;
  } cases[] = {
      {"9948", false, "--listen 9948: expected HOST:PORT"},
      {":9948", false, "the host is empty"},
      {"localhost:http", false, "the port must be a number 0-65535"},
      {"localhost:70000", false, "0-65535"},
      {"[::1]9948", false, "[ADDRESS]:PORT"},
      {"127.0.0.1:9948", true, "--listen-in 127.0.0.1:9948: expected NETNS=HOST:PORT"},
      {"=1.2.3.4:1", true, "expected NETNS=HOST:PORT"},
      {"../x=1.2.3.4:1", true, "not a namespace name"},
      {"ns=1.2.3.4", true, "--listen-in ns=1.2.3.4: expected HOST:PORT"},
  };
  for (const auto& c : cases) {
    try {
      c.in_namespace ? parse_listen_in(c.text) : parse_listen_address(c.text);
      ADD_FAILURE() << "accepted " << c.text;
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), HasSubstr(c.expected)) << c.text;
    }
  }
}

TEST(BearerToken, ExtractsAndComparesTokens) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("BEARER  abc  "), "abc");
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearer"));
  EXPECT_FALSE(bearer_token("Bearer    "));
  EXPECT_TRUE(tokens_equal("abc", "abc"));
  EXPECT_FALSE(tokens_equal("abc", "abd"));
  EXPECT_FALSE(tokens_equal("abc", "abcd"));
  EXPECT_FALSE(tokens_equal("", "a"));
  EXPECT_FALSE(tokens_equal(std::string_view("a\0b", 3), "a"));
  EXPECT_TRUE(tokens_equal("", ""));
}

}  // namespace
}  // namespace netkeel::server
