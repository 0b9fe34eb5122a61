// SitePoller over a FakeHttpClient: the token and the ETag on every request, 304 and 200 told apart, the
// cached copy used at start when the server is away (and not when it refuses the token), failures named.
#include "netkeel/agent/site_poller.hpp"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakes/http/fake_http_client.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/plan/site_text_plan.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::agent {
namespace {

using ::testing::HasSubstr;
using Header = std::pair<std::string, std::string>;

class SitePollerTest : public ::testing::Test {
 protected:
  netkeel::testing::TemporaryDirectory dir_{"netkeel-site-poller"};
  std::string cache_ = dir_.file("cache/site.yaml");
  http::FakeHttpClient client_;
  SitePoller poller_{client_, "http://10.0.0.1:9948/", "token-0123456789abcdef", cache_};
};

TEST_F(SitePollerTest, FetchesWithTheTokenAndPollsWithTheETag) {
  client_.respond(200, "site: one\n");
  std::string note;
  const SiteText first = poller_.fetch_initial(note);
  EXPECT_EQ(first.text, "site: one\n");
  EXPECT_EQ(first.hash, plan::site_text_hash("site: one\n"));
  EXPECT_EQ(first.origin, "http://10.0.0.1:9948/api/v1/site");
  EXPECT_EQ(note, "");
  ASSERT_EQ(client_.requests().size(), 1u);
  EXPECT_EQ(client_.requests()[0].url, "http://10.0.0.1:9948/api/v1/site");
  EXPECT_THAT(client_.requests()[0].headers, ::testing::Contains(Header("Authorization", "Bearer token-0123456789abcdef")));

  client_.respond(304, "");
  std::string problem;
  EXPECT_FALSE(poller_.poll(first.hash, problem));
  EXPECT_EQ(problem, "");
  EXPECT_THAT(client_.requests()[1].headers, ::testing::Contains(Header("If-None-Match", "\"" + first.hash + "\"")));

  client_.respond(200, "site: two\n");
  const auto second = poller_.poll(first.hash, problem);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->text, "site: two\n");

  client_.respond(200, "site: two\n");  // a server that ignores If-None-Match: the same text is no news
  EXPECT_FALSE(poller_.poll(second->hash, problem));
}

TEST_F(SitePollerTest, TheServedVersionNumberComesWithTheText) {
  http::Response response{200, "site: one\n", "application/yaml"};
  response.netkeel_headers = {{"x-netkeel-site-version", "12"}};
  client_.respond(response);
  std::string note;
  EXPECT_EQ(poller_.fetch_initial(note).version, 12);
  response.netkeel_headers = {{"x-netkeel-site-version", "13"}};
  response.body = "site: two\n";
  client_.respond(response);
  std::string problem;
  const auto second = poller_.poll(plan::site_text_hash("site: one\n"), problem);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->version, 13);
  // A server without the header (or with a header that is not a number): version 0, unknown.
  client_.respond(200, "site: three\n");
  EXPECT_EQ(poller_.poll(second->hash, problem)->version, 0);
  response.netkeel_headers = {{"x-netkeel-site-version", "seven"}};
  response.body = "site: four\n";
  client_.respond(response);
  EXPECT_EQ(poller_.poll(second->hash, problem)->version, 0);
}

TEST_F(SitePollerTest, APollThatFailsSaysWhy) {
  client_.fail("connection refused");
  std::string problem;
  EXPECT_FALSE(poller_.poll("abc", problem));
  EXPECT_THAT(problem, HasSubstr("connection refused"));
  client_.respond(401, "{\"error\": \"unknown token\"}");
  EXPECT_FALSE(poller_.poll("abc", problem));
  EXPECT_THAT(problem, HasSubstr("answered 401"));
}

TEST_F(SitePollerTest, StartsFromTheCachedCopyWhenTheServerIsAway) {
  poller_.remember(SiteText{"site: cached\n", plan::site_text_hash("site: cached\n"), "x"});
  client_.fail("connection refused");
  std::string note;
  const SiteText text = poller_.fetch_initial(note);
  EXPECT_EQ(text.text, "site: cached\n");
  EXPECT_THAT(note, HasSubstr("connection refused"));
  EXPECT_THAT(note, HasSubstr(cache_));

  client_.respond(503, "busy");
  EXPECT_EQ(poller_.fetch_initial(note).text, "site: cached\n");
}

TEST_F(SitePollerTest, NoServerAndNoCacheIsARuntimeErrorNamingBoth) {
  client_.fail("connection refused");
  std::string note;
  try {
    poller_.fetch_initial(note);
    FAIL() << "started without a site";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("http://10.0.0.1:9948/api/v1/site"));
    EXPECT_THAT(e.what(), HasSubstr("no cached copy at " + cache_));
  }
}

TEST_F(SitePollerTest, ARefusedTokenIsAUsageErrorEvenWithACache) {
  poller_.remember(SiteText{"site: cached\n", plan::site_text_hash("site: cached\n"), "x"});
  client_.respond(401, "{\"error\": \"unknown token\"}");
  std::string note;
  try {
    poller_.fetch_initial(note);
    FAIL() << "a refused token was ignored";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr("--token-file"));
  }
}

TEST_F(SitePollerTest, TheCacheIsWrittenWholeAndReadBack) {
  EXPECT_FALSE(poller_.cached());
  poller_.remember(SiteText{"site: a\n", plan::site_text_hash("site: a\n"), "x"});
  poller_.remember(SiteText{"site: b\n", plan::site_text_hash("site: b\n"), "x"});
  const auto cached = poller_.cached();
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->text, "site: b\n");
  EXPECT_EQ(cached->hash, plan::site_text_hash("site: b\n"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_.path() / "cache")) ++files;
  EXPECT_EQ(files, 1u) << "no temporary file is left beside the cache";
}

}  // namespace
}  // namespace netkeel::agent
