// The dashboard's server side: its embedded files with their content types, caching and security headers,
// the sign-in that turns a token into an HttpOnly SameSite=Strict cookie, the cookie accepted where the
// Authorization header is, --dashboard-open for loopback clients only, and GET /api/v1/topology.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "netkeel/http/http_client.hpp"
#include "netkeel/server/api_server.hpp"
#include "netkeel/server/loopback_peer.hpp"
#include "netkeel/server/session_cookie.hpp"
#include "netkeel/server/sign_in_handler.hpp"
#include "netkeel/server/site_topology_json.hpp"
#include "netkeel/server/static_asset_reply.hpp"
#include "netkeel/server/web_assets.hpp"
#include "netkeel/site/site_loader.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kToken = "site-token-0123456789";
constexpr const char* kReadToken = "read-token-0123456789";

std::string header(const http::HttpReply& reply, const std::string& name) {
  for (const auto& [n, v] : reply.headers) if (n == name) return v;
  return "";
}
std::string header(const ApiResponse& reply, const std::string& name) {
  for (const auto& [n, v] : reply.headers) if (n == name) return v;
  return "";
}

TEST(WebAssets, EmbedsThePageItsScriptsAndTheVendoredChartLibraryWithItsLicence) {
  for (const char* path : {"index.html", "dashboard.css", "js/main.js", "js/heatmap.js", "js/topology.js",
                           "vendor/uplot-1.6.32/uPlot.iife.min.js", "vendor/uplot-1.6.32/LICENSE"}) {
    const WebAsset* asset = find_web_asset(path);
    ASSERT_NE(asset, nullptr) << path;
    EXPECT_FALSE(asset->bytes.empty()) << path;
  }
  EXPECT_EQ(find_web_asset("nope.js"), nullptr);
  EXPECT_THAT(std::string(find_web_asset("vendor/uplot-1.6.32/LICENSE")->bytes), HasSubstr("MIT"));
  // Every script and style the page names is served from the binary (the policy allows nothing else).
  const std::string page(find_web_asset("index.html")->bytes);
  for (const WebAsset& asset : embedded_web_assets()) {
    if (asset.path.starts_with("js/") && asset.path != "js/main.js") continue;  // imported by main.js
    if (asset.path.ends_with(".js") || asset.path.ends_with(".css")) {
      EXPECT_THAT(page, HasSubstr("\"/" + std::string(asset.path) + "\"")) << asset.path;
    }
  }
  EXPECT_THAT(page, Not(HasSubstr("style=")));  // the policy forbids inline styles
  EXPECT_THAT(page, Not(HasSubstr("<script>")));  // and inline scripts
}

TEST(StaticAssetReply, ContentTypesByExtension) {
  EXPECT_EQ(content_type_of("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_of("dashboard.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_of("js/main.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_of("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_of("a.png"), "image/png");
  EXPECT_EQ(content_type_of("vendor/uplot-1.6.32/LICENSE"), "text/plain; charset=utf-8");
}

TEST(StaticAssetReply, CarriesTheStrictPolicyAndAnETagThatAnswers304) {
  const WebAsset asset{"js/x.js", "console.log(1)"};
  const http::HttpReply reply = static_asset_reply(asset, std::nullopt);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "console.log(1)");
  EXPECT_EQ(header(reply, "Content-Security-Policy"), kDashboardContentSecurityPolicy);
  EXPECT_THAT(header(reply, "Content-Security-Policy"), HasSubstr("default-src 'none'"));
  EXPECT_THAT(header(reply, "Content-Security-Policy"), Not(HasSubstr("unsafe")));
  EXPECT_EQ(header(reply, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(reply, "Cache-Control"), "no-cache");
  const std::string etag = header(reply, "ETag");
  ASSERT_EQ(etag.size(), 18u);
  EXPECT_EQ(etag, asset_etag(asset));

  EXPECT_EQ(static_asset_reply(asset, etag).status, 304);
  EXPECT_TRUE(static_asset_reply(asset, etag).body.empty());
  EXPECT_EQ(static_asset_reply(asset, "\"other\", W/" + etag).status, 304);
  EXPECT_EQ(static_asset_reply(asset, "*").status, 304);
  EXPECT_EQ(static_asset_reply(asset, "\"0000000000000000\"").status, 200);
  EXPECT_NE(asset_etag({"js/x.js", "console.log(2)"}), etag);  // a new build's file is fetched again
}

TEST(SessionCookie, ParsesTheCookieHeader) {
  EXPECT_EQ(cookie_value("netkeel_token=abc", "netkeel_token"), "abc");
  EXPECT_EQ(cookie_value("a=1; netkeel_token=abc ; b=2", "netkeel_token"), "abc");
  EXPECT_EQ(cookie_value("a=1;netkeel_token=\"abc\"", "netkeel_token"), "abc");
  EXPECT_EQ(cookie_value("xnetkeel_token=abc", "netkeel_token"), std::nullopt);
  EXPECT_EQ(cookie_value("netkeel_token", "netkeel_token"), std::nullopt);
  EXPECT_EQ(cookie_value("", "netkeel_token"), std::nullopt);
}

TEST(SessionCookie, IsHttpOnlyStrictAndSecureOverTls) {
  EXPECT_EQ(session_cookie("tok", false), "netkeel_token=tok; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(session_cookie("tok", true), "netkeel_token=tok; Path=/; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(expired_session_cookie(false), "netkeel_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST(SessionCookie, TheAuthorizationHeaderWinsOverTheCookie) {
  EXPECT_EQ(presented_credential(std::string("Bearer a"), std::string("netkeel_token=b")), "Bearer a");
  EXPECT_EQ(presented_credential(std::nullopt, std::string("x=1; netkeel_token=b")), "Bearer b");
  EXPECT_EQ(presented_credential(std::nullopt, std::string("netkeel_token=")), std::nullopt);
  EXPECT_EQ(presented_credential(std::nullopt, std::string("x=1")), std::nullopt);
  EXPECT_EQ(presented_credential(std::nullopt, std::nullopt), std::nullopt);
}

TEST(SignIn, ARightTokenBecomesTheCookieAWrongOneIsNeverEchoed) {
  const AccessTokens tokens{kToken, kReadToken};
  const auto sign_in = [&](const std::string& body, const std::string& type = "application/json") {
    return handle_sign_in({type, body, std::nullopt, std::string("127.0.0.1:9948"), false}, tokens);
  };
  ApiResponse read = sign_in(std::string(R"({"token": ")") + kReadToken + "\"}");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(nlohmann::json::parse(read.body)["signed_in"], "read");
  EXPECT_EQ(header(read, "Set-Cookie"), session_cookie(kReadToken, false));
  EXPECT_EQ(header(read, "Cache-Control"), "no-store");
  EXPECT_EQ(nlohmann::json::parse(sign_in(std::string(R"({"token": ")") + kToken + "\"}").body)["signed_in"], "site");

  const ApiResponse wrong = sign_in(R"({"token": "guess-guess-guess-guess"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_THAT(wrong.body, HasSubstr("--read-token-file"));
  EXPECT_THAT(wrong.body, Not(HasSubstr("guess")));
  EXPECT_EQ(header(wrong, "Set-Cookie"), "");

  EXPECT_EQ(sign_in("token=x", "application/x-www-form-urlencoded").status, 415);
  for (const char* bad : {"", "[]", R"({"token": 1})", R"({"tok": "x"})", R"({"token": "x", "more": 1})"}) {
    const ApiResponse refused = sign_in(bad);
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_THAT(refused.body, HasSubstr("{\\\"token\\\": \\\"...\\\"}")) << bad;
  }
}

TEST(SignIn, RefusesAFormPostedFromAnotherSite) {
  const AccessTokens tokens{kToken, kReadToken};
  const std::string body = std::string(R"({"token": ")") + kReadToken + "\"}";
  const ApiResponse foreign = handle_sign_in(
      {"application/json", body, std::string("https://evil.example"), std::string("127.0.0.1:9948"), false}, tokens);
  EXPECT_EQ(foreign.status, 403);
  EXPECT_THAT(foreign.body, HasSubstr("evil.example"));
  const ApiResponse same = handle_sign_in(
      {"application/json", body, std::string("http://127.0.0.1:9948"), std::string("127.0.0.1:9948"), true}, tokens);
  EXPECT_EQ(same.status, 200);
  EXPECT_THAT(header(same, "Set-Cookie"), HasSubstr("; Secure"));
}

TEST(SignIn, ATokenACookieCannotCarryIsRefusedWithTheFix) {
  const AccessTokens tokens{"site token with spaces", std::nullopt};
  const ApiResponse refused =
      handle_sign_in({"application/json", R"({"token": "site token with spaces"})", {}, {}, false}, tokens);
  EXPECT_EQ(refused.status, 401);
  EXPECT_THAT(refused.body, HasSubstr("openssl rand -hex 32"));
}

TEST(SignIn, WithoutAuthThereIsNothingToKeep) {
  const ApiResponse open = handle_sign_in({"application/json", R"({"token": "x"})", {}, {}, false}, AccessTokens{});
  EXPECT_EQ(open.status, 200);
  EXPECT_EQ(nlohmann::json::parse(open.body)["signed_in"], "open");
  EXPECT_EQ(header(open, "Set-Cookie"), "");
  EXPECT_EQ(header(handle_sign_out(false), "Set-Cookie"), expired_session_cookie(false));
}

TEST(LoopbackPeer, OnlyLoopbackAddressesCount) {
  for (const char* peer : {"127.0.0.1:5000", "127.1.2.3:1", "[::1]:443", "[::ffff:127.0.0.1]:80"}) {
    EXPECT_TRUE(is_loopback_peer(peer)) << peer;
  }
  for (const char* peer : {"10.10.0.11:5000", "128.0.0.1:1", "[::2]:1", "[::ffff:10.0.0.1]:80", "", "garbage", "[::1"}) {
    EXPECT_FALSE(is_loopback_peer(peer)) << peer;
  }
}

TEST(SiteTopologyJson, RacksSwitchesHostsAndCablesInSiteOrder) {
  const auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/2-production-mlag.yaml");
  ASSERT_TRUE(loaded.site);
  const nlohmann::json topology = site_topology_json(*loaded.site);
  EXPECT_EQ(topology["site"], "acme-zblock-1");
  EXPECT_EQ(topology["racks"], nlohmann::json({"", "r1"}));  // the spine has no rack
  EXPECT_EQ(topology["switches"][0], nlohmann::json({{"name", "tor1"}, {"rack", "r1"}, {"mlag_peer", "tor2"},
                                                     {"uplinks", {"spine1"}}}));
  EXPECT_EQ(topology["switches"][2]["mlag_peer"], "");
  EXPECT_EQ(topology["hosts"][0]["name"], "ctl1");
  EXPECT_EQ(topology["hosts"][0]["nics"][1], nlohmann::json({{"name", "eno2"}, {"switch", "tor2"}, {"port", "Eth1/1"}}));
  EXPECT_EQ(topology["networks"], nlohmann::json({"mgmt", "api", "tunnel", "storage"}));
}

// Over real HTTP: the page and its files, the cookie, --dashboard-open and the topology endpoint.
class DashboardServer : public ::testing::Test {
 protected:
  void start(bool dashboard_open, std::optional<std::string> topology = std::nullopt) {
    ApiServerOptions options;
    options.listen = {{"", "127.0.0.1", 0}};
    options.ingest.tokens = {kToken, kReadToken};
    options.alerts.reset();
    options.dashboard_open = dashboard_open;
    options.topology_json = std::move(topology);
    server_ = std::make_unique<ApiServer>(*stored_.store, options);
  }

  http::Response get(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request r;
    r.url = "http://127.0.0.1:" + std::to_string(server_->bound().at(0).port) + path;
    r.headers = std::move(headers);
    return client_.send(r);
  }

  testing::StoreInTempDir stored_;
  std::unique_ptr<ApiServer> server_;
  http::CurlHttpClient client_;
};

TEST_F(DashboardServer, ServesThePageAndItsFilesWithoutAToken) {
  start(false);
  const http::Response page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page.body, std::string(find_web_asset("index.html")->bytes));
  EXPECT_EQ(get("/index.html").body, page.body);
  const http::Response script = get("/js/heatmap.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/vendor/uplot-1.6.32/uPlot.min.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/js/heatmap.js", {{"If-None-Match", asset_etag(*find_web_asset("js/heatmap.js"))}}).status, 304);
  EXPECT_EQ(get("/js/missing.js").status, 404);
  // The data still needs a token.
  EXPECT_EQ(get("/api/v1/hosts").status, 401);
}

TEST_F(DashboardServer, TheSessionCookieReadsButNeverWrites) {
  start(false);
  EXPECT_EQ(get("/api/v1/hosts", {{"Cookie", std::string("netkeel_token=") + kReadToken}}).status, 200);
  EXPECT_EQ(get("/api/v1/hosts", {{"Cookie", "theme=dark; netkeel_token=wrong-wrong-wrong"}}).status, 401);

  // Batches take the Authorization header only: a cookie (which a browser sends by itself) never writes.
  store::Batch batch;
  batch.id = {"node1", 1};
  batch.events = {{1764150000000, "node1", "link_down", "eno1"}};
  http::Request post;
  post.method = "POST";
  post.url = "http://127.0.0.1:" + std::to_string(server_->bound().at(0).port) + "/api/v1/batches";
  post.headers = {{"Cookie", std::string("netkeel_token=") + kToken}, {"Content-Type", "application/json"}};
  post.body = store::encode_batch_json(batch);
  EXPECT_EQ(client_.send(post).status, 401);
}

TEST_F(DashboardServer, DashboardOpenLetsLoopbackClientsReadWithoutAToken) {
  start(true);
  EXPECT_EQ(get("/api/v1/hosts").status, 200);
  EXPECT_EQ(get("/metrics").status, 200);
  http::Request post;
  post.method = "POST";
  post.url = "http://127.0.0.1:" + std::to_string(server_->bound().at(0).port) + "/api/v1/batches";
  post.headers = {{"Content-Type", "application/json"}};
  post.body = "{}";
  EXPECT_EQ(client_.send(post).status, 401);  // never ingest
}

TEST_F(DashboardServer, TopologyNeedsATokenAndTheSiteFile) {
  start(false);
  const http::Response none = get("/api/v1/topology", {{"Authorization", std::string("Bearer ") + kReadToken}});
  EXPECT_EQ(none.status, 404);
  EXPECT_THAT(none.body, HasSubstr("--site"));
  server_.reset();
  start(false, std::string(R"({"site":"s"})"));
  EXPECT_EQ(get("/api/v1/topology").status, 401);
  const http::Response topology = get("/api/v1/topology", {{"Authorization", std::string("Bearer ") + kReadToken}});
  EXPECT_EQ(topology.status, 200);
  EXPECT_EQ(topology.body, R"({"site":"s"})");
}

}  // namespace
}  // namespace netkeel::server
