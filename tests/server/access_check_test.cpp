// Who may do what: the site token everything, a read token only queries, anything else nothing.
#include "netkeel/server/access_check.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

const AccessTokens kTokens{"site-token", "read-token"};

std::string error_of(const std::optional<ApiResponse>& response) {
  return nlohmann::json::parse(response->body)["error"].get<std::string>();
}

TEST(AccessCheck, SiteTokenMayQueryAndIngest) {
  EXPECT_FALSE(check_access("Bearer site-token", kTokens, Permission::query));
  EXPECT_FALSE(check_access("Bearer site-token", kTokens, Permission::ingest));
}

TEST(AccessCheck, ReadTokenMayQueryButIngestIs403) {
  EXPECT_FALSE(check_access("Bearer read-token", kTokens, Permission::query));
  const auto refused = check_access("Bearer read-token", kTokens, Permission::ingest);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_THAT(error_of(refused), HasSubstr("--read-token-file"));
}

TEST(AccessCheck, MissingMalformedOrWrongTokenIs401NamingTheFlag) {
  for (const std::optional<std::string>& header :
       {std::optional<std::string>(), std::optional<std::string>("Basic c2l0ZS10b2tlbg=="),
        std::optional<std::string>("Bearer site-tokeN"), std::optional<std::string>("Bearer read-token-and-more"),
        std::optional<std::string>("Bearer ")}) {
    const auto refused = check_access(header, kTokens, Permission::query);
    ASSERT_TRUE(refused) << header.value_or("(none)");
    EXPECT_EQ(refused->status, 401);
    EXPECT_THAT(error_of(refused), HasSubstr("--token-file"));
    EXPECT_THAT(refused->headers, ::testing::Contains(::testing::Pair("WWW-Authenticate", HasSubstr("Bearer"))));
  }
  EXPECT_THAT(error_of(check_access(std::nullopt, kTokens, Permission::query)), HasSubstr("missing Authorization"));
  EXPECT_THAT(error_of(check_access("Bearer nope", kTokens, Permission::query)), HasSubstr("wrong token"));
}

TEST(AccessCheck, WithoutAReadTokenOnlyTheSiteTokenQueries) {
  const AccessTokens site_only{"site-token", std::nullopt};
  EXPECT_FALSE(check_access("Bearer site-token", site_only, Permission::query));
  EXPECT_EQ(check_access("Bearer read-token", site_only, Permission::query)->status, 401);
}

TEST(AccessCheck, NoSiteTokenMeansNoAuth) {
  const AccessTokens none{};
  EXPECT_FALSE(check_access(std::nullopt, none, Permission::query));
  EXPECT_FALSE(check_access(std::nullopt, none, Permission::ingest));
}

}  // namespace
}  // namespace netkeel::server
