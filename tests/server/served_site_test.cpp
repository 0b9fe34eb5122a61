// ServedSite and its endpoints: a valid change becomes the next version, an invalid one is refused (the
// last good version stays served, the refusal is counted and kept with its FILE:LINE:COL messages), the
// ETag answers 304, and the endpoints want the read or site token.
#include "netkeel/server/served_site.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes/core/fake_clock.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/plan/site_text_plan.hpp"
#include "netkeel/server/api_server.hpp"
#include "netkeel/server/site_handler.hpp"
#include "server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

std::string example_site() {
  std::ifstream in(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The example with one more host, node9.
std::string site_with_node9() {
  std::string text = example_site();
  const std::string anchor = "services:";
  const auto at = text.find("\n" + anchor);
  text.insert(at + 1,
              "  - name: node9\n    id: 19\n    rack: r1\n    nics:\n      - {name: eno1, mac: \"52:54:00:10:00:19\", "
              "switch: sw1, port: \"9\", mode: access, networks: [mgmt, api, tunnel, storage]}\n");
  return text;
}

class ServedSiteTest : public ::testing::Test {
 protected:
  void write(const std::string& text) {
    std::ofstream(file_, std::ios::binary | std::ios::trunc) << text;
    // The modification time's granularity could hide a quick second write; the size or an explicit
    // time change shows it.
    std::filesystem::last_write_time(file_, std::filesystem::last_write_time(file_) + std::chrono::seconds(++edits_));
  }
  std::unique_ptr<ServedSite> start() {
    return std::make_unique<ServedSite>(file_, dir_.path() / "history", clock_,
                                        [this](const std::string& line) { log_.push_back(line); });
  }

  netkeel::testing::TemporaryDirectory dir_{"netkeel-served-site"};
  std::string file_ = dir_.file("site.yaml");
  FakeClock clock_;
  std::vector<std::string> log_;
  int edits_ = 0;
};

TEST_F(ServedSiteTest, AValidChangeIsTheNextVersion) {
  write(example_site());
  auto site = start();
  EXPECT_EQ(*site->current()->entry.version, 1u);
  EXPECT_EQ(site->current()->text, example_site());
  site->check("file changed");  // nothing changed
  EXPECT_EQ(site->history().size(), 1u);

  write(site_with_node9());
  site->check("file changed");
  EXPECT_EQ(*site->current()->entry.version, 2u);
  EXPECT_EQ(site->current()->entry.hash, plan::site_text_hash(site_with_node9()));
  EXPECT_THAT(site->current()->plan_json, HasSubstr("node9"));
  EXPECT_THAT(site->current()->topology_json, HasSubstr("node9"));
  EXPECT_EQ(site->history().back().source, "file changed");
  EXPECT_EQ(site->text_of(1), example_site());
  EXPECT_THAT(site->metrics_text(), HasSubstr("netkeel_server_site_version 2\n"));
}

TEST_F(ServedSiteTest, AnInvalidChangeIsRefusedAndTheLastGoodVersionStaysServed) {
  write(example_site());
  auto site = start();
  std::string broken = site_with_node9();
  broken.replace(broken.find("id: 19"), 6, "id: 12");  // node2's id: a duplicate
  write(broken);
  site->check("file changed");
  EXPECT_EQ(*site->current()->entry.version, 1u);
  EXPECT_EQ(site->current()->text, example_site());
  EXPECT_EQ(site->counts().refused, 1u);
  EXPECT_THAT(site->metrics_text(), HasSubstr("netkeel_server_site_reloads_total{result=\"refused\"} 1\n"));
  const auto refused = site->history().back();
  EXPECT_FALSE(refused.accepted);
  EXPECT_THAT(refused.messages, ::testing::ContainsRegex("site\\.yaml:[0-9]+:[0-9]+: error"));
  ASSERT_FALSE(log_.empty());
  EXPECT_THAT(log_.back(), HasSubstr("refused the site file"));
  EXPECT_THAT(log_.back(), HasSubstr("still serving version 1"));

  // The same bad text again is not refused a second time; SIGHUP checks it anyway.
  site->check("file changed");
  write(broken);
  site->check("file changed");
  EXPECT_EQ(site->counts().refused, 1u);
  site->check("SIGHUP", true);
  EXPECT_EQ(site->counts().refused, 2u);
}

TEST_F(ServedSiteTest, ARestartOnAnInvalidFileServesTheHistorysLastGoodVersion) {
  write(example_site());
  start();
  write("site: [\n");
  auto site = start();
  EXPECT_EQ(*site->current()->entry.version, 1u);
  EXPECT_EQ(site->current()->text, example_site());
  EXPECT_FALSE(site->history().back().accepted);
}

TEST_F(ServedSiteTest, ARestartOnTheSameFileKeepsItsVersion) {
  write(example_site());
  start();
  auto site = start();
  EXPECT_EQ(*site->current()->entry.version, 1u);
  EXPECT_EQ(site->history().size(), 1u);
}

TEST_F(ServedSiteTest, AnInvalidFileWithNoHistoryIsAUsageError) {
  write("site: [\n");
  EXPECT_THROW(start(), UsageError);
  ASSERT_FALSE(log_.empty());
  EXPECT_THAT(log_.back(), ::testing::ContainsRegex("site\\.yaml:[0-9]+:[0-9]+"));
}

TEST(SiteHandler, ETagsMatchAsRfc9110Says) {
  EXPECT_TRUE(etag_matches("\"abc\"", "abc"));
  EXPECT_TRUE(etag_matches("W/\"abc\"", "abc"));
  EXPECT_TRUE(etag_matches("\"x\", \"abc\"", "abc"));
  EXPECT_TRUE(etag_matches("*", "abc"));
  EXPECT_FALSE(etag_matches("\"abcd\"", "abc"));
  EXPECT_FALSE(etag_matches("abc", "abc"));  // unquoted is no tag
  EXPECT_FALSE(etag_matches("", "abc"));
}

TEST_F(ServedSiteTest, TheTextAnswers304ToItsOwnETag) {
  write(example_site());
  auto site = start();
  const auto served = site->current();
  const http::HttpReply fresh = site_text_reply(*served, std::nullopt);
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(fresh.body, example_site());
  const std::string etag = "\"" + plan::site_text_hash(example_site()) + "\"";
  EXPECT_THAT(fresh.headers, ::testing::Contains(std::pair<std::string, std::string>("ETag", etag)));
  const http::HttpReply same = site_text_reply(*served, etag);
  EXPECT_EQ(same.status, 304);
  EXPECT_EQ(same.body, "");
  EXPECT_EQ(site_text_reply(*served, "\"an-older-hash\"").status, 200);
}

TEST_F(ServedSiteTest, VersionsAreFetchedByNumber) {
  write(example_site());
  auto site = start();
  write(site_with_node9());
  site->check("file changed");
  const http::HttpReply one = site_version_reply({{"version", "1"}}, *site);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(nlohmann::json::parse(one.body)["text"], example_site());
  EXPECT_EQ(site_version_reply({{"version", "3"}}, *site).status, 404);
  EXPECT_EQ(site_version_reply({{"version", "x"}}, *site).status, 400);
  EXPECT_EQ(site_version_reply({}, *site).status, 400);
  const auto history = nlohmann::json::parse(site_history_reply(*site).body);
  ASSERT_EQ(history["versions"].size(), 2u);
  EXPECT_EQ(history["versions"][1]["version"], 2);
}

// Over HTTP: the read and the site token may fetch the site; no or a wrong token gets 401.
TEST_F(ServedSiteTest, TheEndpointsWantTheReadOrSiteToken) {
  write(example_site());
  testing::StoreInTempDir stored;
  ApiServerOptions options;
  options.listen = {{"", "127.0.0.1", 0}};
  options.ingest.tokens = {std::string("site-token-0123456789"), std::string("read-token-0123456789")};
  options.site = start();
  options.alerts.reset();
  ApiServer api(*stored.store, options);
  http::CurlHttpClient client;
  const auto get = [&](const std::string& path, const std::optional<std::string>& token,
                       const std::optional<std::string>& etag = std::nullopt) {
    http::Request request;
    request.url = "http://127.0.0.1:" + std::to_string(api.bound().front().port) + path;
    if (token) request.headers.emplace_back("Authorization", "Bearer " + *token);
    if (etag) request.headers.emplace_back("If-None-Match", *etag);
    return client.send(request);
  };
  EXPECT_EQ(get("/api/v1/site", std::nullopt).status, 401);
  EXPECT_EQ(get("/api/v1/site", std::string("wrong-token-0123456789")).status, 401);
  EXPECT_EQ(get("/api/v1/site/history", std::string("wrong-token-0123456789")).status, 401);
  const http::Response by_site = get("/api/v1/site", std::string("site-token-0123456789"));
  EXPECT_EQ(by_site.status, 200);
  EXPECT_EQ(by_site.body, example_site());
  EXPECT_EQ(get("/api/v1/site", std::string("read-token-0123456789")).status, 200);
  const std::string etag = "\"" + plan::site_text_hash(example_site()) + "\"";
  EXPECT_EQ(get("/api/v1/site", std::string("site-token-0123456789"), etag).status, 304);
  EXPECT_EQ(get("/api/v1/site/plan", std::string("read-token-0123456789")).status, 200);
  const http::Response metrics = get("/metrics", std::string("read-token-0123456789"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_site_version 1\n"));
  api.stop();
}

}  // namespace
}  // namespace netkeel::server
