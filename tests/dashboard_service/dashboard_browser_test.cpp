// The dashboard in a real browser: `netkeel server` (the built binary) with the three-rack site, fed ten
// minutes of recorded probe batches over HTTP (one lossy pair, one host whose reports stopped, one NIC whose
// link went down), opened by Debian's headless Chromium over the DevTools protocol. The test signs in with
// the read token through the page's form, then checks the DOM and the canvas of every view and saves a
// screenshot of each (build/dashboard-screenshots/, or $NETKEEL_DASHBOARD_SCREENSHOTS). Without Chromium it
// is skipped, saying so. A second test draws a synthesized 300-host matrix in the page and prints the time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "netkeel/core/vip_event_text.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "support/eventually.hpp"
#include "support/headless_chromium.hpp"
#include "support/server_process.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel {
namespace {

using testing::eventually;
using testing::HeadlessChromium;
using testing::ServerProcess;
using testing::TemporaryDirectory;
using ::testing::HasSubstr;

constexpr const char* kSiteToken = "dashboard-site-token-0123456789";
constexpr const char* kReadToken = "dashboard-read-token-0123456789";
constexpr int kRacks = 3, kHostsPerRack = 6;  // as in sites/three-racks.yaml
constexpr const char* kLossySrc = "r2h3";
constexpr const char* kLossyDst = "r3h5";
constexpr const char* kStaleHost = "r1h6";      // its reports stopped 5 minutes ago
constexpr const char* kLinkDownHost = "r3h2";   // reported eno2 down a minute ago
constexpr const char* kVipHost = "r2h1";        // its keeper took keystone's VIP from r1h1 two minutes ago
constexpr auto kPageDeadline = std::chrono::seconds(30);
constexpr auto kPoll = std::chrono::milliseconds(200);

std::vector<std::string> host_names() {
  std::vector<std::string> names;
  for (int r = 1; r <= kRacks; ++r) {
    for (int h = 1; h <= kHostsPerRack; ++h) names.push_back("r" + std::to_string(r) + "h" + std::to_string(h));
  }
  return names;
}

// One agent's batch: its probes of every peer on mgmt, a sample every 10 s over the last 10 minutes.
store::Batch recorded_batch(const std::string& src, store::TimestampMs now_ms) {
  store::Batch batch;
  batch.id = {src, 1};
  const bool stale = src == kStaleHost;
  const store::TimestampMs first = now_ms - 600'000, last = now_ms - (stale ? 300'000 : 2'000);
  for (const std::string& dst : host_names()) {
    if (dst == src) continue;
    const std::vector<store::Label> labels = {{"src", src}, {"dst", dst}, {"network", "mgmt"}, {"kind", "icmp"}};
    const auto index = static_cast<std::uint32_t>(batch.series.size());
    batch.series.push_back(store::make_series("netkeel_probe_sent_total", labels));
    batch.series.push_back(store::make_series("netkeel_probe_lost_total", labels));
    batch.series.push_back(store::make_series("netkeel_probe_rtt_seconds", labels));
    const bool lossy = src == kLossySrc && dst == kLossyDst;
    const bool same_rack = src.substr(0, 2) == dst.substr(0, 2);
    double sent = 0, lost = 0;
    for (store::TimestampMs t = first; t <= last; t += 10'000) {
      sent += 10;
      if (lossy && t > now_ms - 180'000) lost += 5;                   // 50% for the last 3 minutes
      if (dst == kStaleHost && t > now_ms - 300'000) lost += 10;      // nobody reaches the stopped host
      batch.samples.push_back({index, t, sent});
      batch.samples.push_back({index + 1, t, lost});
      const double rtt = (same_rack ? 0.00018 : 0.00042) + (lossy ? 0.004 : 0.0) + 0.00002 * ((t / 10'000) % 5);
      batch.samples.push_back({index + 2, t, rtt});
    }
  }
  if (src == kLinkDownHost) batch.events.push_back({now_ms - 60'000, src, "link_down", "eno2 carrier lost"});
  const auto info = static_cast<std::uint32_t>(batch.series.size());
  batch.series.push_back(store::make_series("netkeel_build_info", {{"version", "0.1.0"}}));
  batch.samples.push_back({info, last, 1});
  // NIC counters, as the agent ships them (no host label: the server adds it). The link-down host's eno2
  // gathers 3 receive errors a step; every NIC moves 1.25 MB per 10 s (1 Mbit/s).
  for (const std::string nic : {"eno1", "eno2", "lo"}) {
    const auto errors = static_cast<std::uint32_t>(batch.series.size());
    batch.series.push_back(store::make_series("netkeel_nic_rx_errors_total", {{"interface", nic}}));
    batch.series.push_back(store::make_series("netkeel_nic_rx_bytes_total", {{"interface", nic}}));
    double count = 0, bytes = 0;
    for (store::TimestampMs t = first; t <= last; t += 10'000) {
      if (src == kLinkDownHost && nic == "eno2") count += 3;
      bytes += 1'250'000;
      batch.samples.push_back({errors, t, count});
      batch.samples.push_back({errors + 1, t, bytes});
    }
  }
  if (src == std::string("r1h1")) {
    batch.events.push_back({now_ms - 600'000, src, kVipTakeoverKind, vip_takeover_text("keystone", src)});
    batch.events.push_back({now_ms - 120'000, src, kVipReleaseKind, vip_release_text("keystone", src, "lost")});
  }
  if (src == std::string(kVipHost))
    batch.events.push_back({now_ms - 119'500, src, kVipTakeoverKind, vip_takeover_text("keystone", src)});
  return batch;
}

class DashboardBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto chromium = testing::find_chromium();
    if (!chromium) GTEST_SKIP() << "Chromium is not installed (scripts/install-deps.sh installs Debian's chromium)";
    chromium_ = *chromium;
    std::ofstream(dir_.path() / "token") << kSiteToken << "\n";
    std::ofstream(dir_.path() / "read-token") << kReadToken << "\n";
    server_ = std::make_unique<ServerProcess>(
        dir_.path(), std::vector<std::string>{
                         "--store", "sqlite:" + (dir_.path() / "store.db").string(), "--token-file",
                         (dir_.path() / "token").string(), "--read-token-file", (dir_.path() / "read-token").string(),
                         "--listen", "127.0.0.1:0", "--alert-evaluation-interval", "200ms", "--site",
                         std::string(NETKEEL_SOURCE_DIR) + "/tests/dashboard_service/sites/three-racks.yaml"});
    port_ = server_->wait_for_port();
    ASSERT_NE(port_, 0) << testing::read_file(dir_.path() / "server.err");
    const char* shots = std::getenv("NETKEEL_DASHBOARD_SCREENSHOTS");
    screenshots_ = shots && *shots ? std::filesystem::path(shots)
                                   : std::filesystem::path(NETKEEL_BINARY_DIR) / "dashboard-screenshots";
    std::filesystem::create_directories(screenshots_);
  }

  void feed() {
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    http::CurlHttpClient client;
    for (const std::string& host : host_names()) {
      http::Request post;
      post.method = "POST";
      post.url = url("/api/v1/batches");
      post.headers = {{"Authorization", std::string("Bearer ") + kSiteToken}, {"Content-Type", "application/json"}};
      post.body = store::encode_batch_json(recorded_batch(host, now_ms));
      const http::Response response = client.send(post);
      ASSERT_EQ(response.status, 200) << host << ": " << response.body;
    }
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  // Waits until `expression` is true in the page; the assertion names it.
  void wait_for(HeadlessChromium& browser, const std::string& session, const std::string& expression) {
    const auto seen = eventually(
        [&] {
          try {
            return browser.evaluate(session, "Boolean(" + expression + ")").get<bool>();
          } catch (const std::exception&) {
            return false;
          }
        },
        [](bool value) { return value; }, kPageDeadline, kPoll);
    ASSERT_TRUE(seen.held) << "the page never showed: " << expression;
  }

  TemporaryDirectory dir_{"netkeel-dashboard"};
  std::string chromium_;
  std::unique_ptr<ServerProcess> server_;
  int port_ = 0;
  std::filesystem::path screenshots_;
};

TEST_F(DashboardBrowserTest, EveryViewShowsTheRecordedSite) {
  feed();
  HeadlessChromium browser(chromium_, dir_.path() / "profile", 1400, 1000);
  const std::string page = browser.open(url("/#heatmap"));

  // Not signed in: the API answers 401, the page asks for the token; the form keeps it in the cookie.
  wait_for(browser, page, "!document.getElementById('sign-in').hidden");
  browser.screenshot(page, screenshots_ / "sign-in.png");
  browser.evaluate(page, "document.getElementById('sign-in-token').value = 'not-the-token-at-all'; "
                         "document.getElementById('sign-in-form').requestSubmit(); true");
  wait_for(browser, page, "document.getElementById('sign-in-error').textContent.startsWith('wrong token')");
  browser.evaluate(page, std::string("document.getElementById('sign-in-token').value = '") + kReadToken +
                             "'; document.getElementById('sign-in-form').requestSubmit(); true");
  wait_for(browser, page, "document.getElementById('sign-in').hidden && netkeelDashboard.heatmap.order.length > 0");
  EXPECT_EQ(browser.evaluate(page, "document.cookie").get<std::string>(), "");  // HttpOnly: scripts cannot read it

  // Heatmap: a cell per pair (every ordered pair has a colour of the scale), rows grouped by rack.
  const nlohmann::json heatmap = browser.evaluate(page, R"((() => {
      const h = netkeelDashboard.heatmap, m = netkeelDashboard.state.matrix;
      const colours = {};
      for (const p of m.pairs) colours[p.src + '>' + p.dst] = h.colourOf(p.src, p.dst);
      return {pairs: m.pairs.length, hosts: h.order.length, order: h.order, colours,
              groups: h.groups.map((g) => g.label), canvasPairs: document.getElementById('heatmap').dataset.pairs};
    })())");
  const std::size_t hosts = kRacks * kHostsPerRack;
  EXPECT_EQ(heatmap["hosts"], hosts);
  EXPECT_EQ(heatmap["pairs"], hosts * (hosts - 1));
  EXPECT_EQ(heatmap["canvasPairs"], std::to_string(hosts * (hosts - 1)));
  EXPECT_EQ(heatmap["colours"].size(), hosts * (hosts - 1));
  const std::set<std::string> drawable = {"#2e9d4f", "#a6d96a", "#fdd835", "#fb8c00", "#d32f2f", "#7f0000",
                                          "#d0d4d9", "#7a7f87"};
  for (const auto& [pair, colour] : heatmap["colours"].items()) {
    EXPECT_TRUE(drawable.count(colour.get<std::string>())) << pair << " drawn " << colour;
  }
  EXPECT_EQ(heatmap["colours"][std::string(kLossySrc) + ">" + kLossyDst], "#d32f2f");  // 50%: the lossy colour
  EXPECT_EQ(heatmap["colours"]["r1h1>r1h2"], "#2e9d4f");                               // no loss
  EXPECT_EQ(heatmap["colours"]["r1h1>r1h6"], "#7f0000");                               // to the stopped host
  EXPECT_EQ(heatmap["colours"]["r1h6>r1h1"], "#7a7f87");                               // from it: stale
  EXPECT_EQ(heatmap["groups"], nlohmann::json({"r1 · tor1a+tor1b", "r2 · tor2a+tor2b", "r3 · tor3a+tor3b"}));
  EXPECT_EQ(heatmap["order"][0], "r1h1");
  browser.screenshot(page, screenshots_ / "heatmap.png");

  // The server stops answering (frozen): the page keeps its last heatmap, says that requests fail and
  // retries; once the server answers again the status clears. (goldpinger's UI broke exactly then.)
  ASSERT_EQ(::kill(server_->pid(), SIGSTOP), 0);
  wait_for(browser, page, "document.getElementById('status').classList.contains('error')");
  EXPECT_THAT(browser.evaluate(page, "document.getElementById('status').textContent").get<std::string>(),
              HasSubstr("request(s) failed"));
  EXPECT_THAT(browser.evaluate(page, "document.getElementById('heatmap-note').textContent").get<std::string>(),
              HasSubstr("no answer within 4 s (showing the last data received)"));
  EXPECT_EQ(browser.evaluate(page, std::string("netkeelDashboard.heatmap.colourOf('") + kLossySrc + "', '" +
                                       kLossyDst + "')"),
            "#d32f2f");
  browser.screenshot(page, screenshots_ / "server-away.png");
  ASSERT_EQ(::kill(server_->pid(), SIGCONT), 0);
  wait_for(browser, page, "!document.getElementById('status').classList.contains('error')");

  // Topology: the NIC whose link is down is the culprit, red, and so is the stopped host (host down).
  browser.evaluate(page, "location.hash = '#topology'; true");
  wait_for(browser, page, "document.querySelectorAll('#topology [data-kind=host]').length === 18");
  wait_for(browser, page, std::string("document.querySelector('#topology [data-kind=cable][data-name=\"") +
                              kLinkDownHost + ":eno2\"]').classList.contains('culprit')");
  EXPECT_TRUE(browser.evaluate(page, std::string("document.querySelector('#topology [data-kind=cable][data-name=\"") +
                                         kLinkDownHost + ":eno1\"]').classList.contains('culprit')") == false);
  EXPECT_EQ(browser.evaluate(page, "document.querySelectorAll('#topology [data-kind=switch]').length"), 8);
  EXPECT_EQ(browser.evaluate(page, "document.querySelectorAll('#topology line.cable').length"), 36);
  EXPECT_EQ(browser.evaluate(page, "document.querySelectorAll('#topology line.mlag').length"), 3);
  browser.screenshot(page, screenshots_ / "topology.png");

  // Alerts: the link-down alert names the NIC.
  browser.evaluate(page, "location.hash = '#alerts'; true");
  wait_for(browser, page, std::string("[...document.querySelectorAll('#alerts tbody tr')].some((r) => "
                                      "r.dataset.culprit === 'nic:") + kLinkDownHost + ":eno2' && "
                                      "r.classList.contains('firing'))");
  // The lossy pair's alert names nothing its probes do not cross (the stopped host r1h6 is elsewhere).
  const std::string pair_culprit = browser.evaluate(page, std::string(
      "[...document.querySelectorAll('#alerts tbody tr')].filter((r) => r.cells[6].textContent.includes('from ") +
      kLossySrc + " to " + kLossyDst + "')).map((r) => r.dataset.culprit).join(',')").get<std::string>();
  EXPECT_EQ(pair_culprit.find(kStaleHost), std::string::npos) << pair_culprit;
  EXPECT_FALSE(pair_culprit.empty());
  browser.screenshot(page, screenshots_ / "alerts.png");

  // Hosts: the stopped host is marked stale.
  browser.evaluate(page, "location.hash = '#hosts'; true");
  wait_for(browser, page, "document.querySelectorAll('#hosts tbody tr').length === 18");
  EXPECT_EQ(browser.evaluate(page, "[...document.querySelectorAll('#hosts tbody tr.stale')].map((r) => "
                                   "r.cells[0].textContent)"),
            nlohmann::json({kStaleHost}));
  EXPECT_EQ(browser.evaluate(page, "document.querySelector('#hosts tbody tr').cells[5].textContent"), "0.1.0");
  // VIPs, on the same view: keystone moved to its new holder, and why it left the old one.
  wait_for(browser, page, "document.querySelectorAll('#vips tbody tr').length === 1");
  EXPECT_EQ(browser.evaluate(page, "[...document.querySelector('#vips tbody tr').cells].slice(2, 4).map((c) => "
                                   "c.textContent)"),
            nlohmann::json({"held", kVipHost}));
  EXPECT_THAT(browser.evaluate(page, "document.querySelector('#vips tbody tr').cells[6].textContent").get<std::string>(),
              ::testing::StartsWith("r1h1: lost at "));
  browser.screenshot(page, screenshots_ / "hosts.png");

  // The lossy pair's charts: loss and RTT over time, and the heatmap's click leads there.
  browser.evaluate(page, std::string("location.hash = '#pair?network=mgmt&src=") + kLossySrc + "&dst=" + kLossyDst +
                             "'; true");
  wait_for(browser, page, "document.querySelectorAll('#view-chart .uplot').length === 2");
  const nlohmann::json loss = browser.evaluate(page, "document.querySelector('#chart-loss .u-title').textContent");
  EXPECT_EQ(loss, "loss (%)");
  // Both charts have points: the lossy pair's loss reaches 50% (every step's increase: 5 of 10 or 10 of 20).
  EXPECT_EQ(browser.evaluate(page, "Math.max(...netkeelDashboard.charts.plots[0].data[1].filter((v) => v !== null))"),
            50);
  EXPECT_GT(browser.evaluate(page, "netkeelDashboard.charts.plots[1].data[1].filter((v) => v !== null).length")
                .get<int>(), 10);
  // Zooming the loss chart to its last 2 minutes zooms the RTT chart to the same range.
  // (uPlot applies a new scale on its next frame.)
  EXPECT_EQ(browser.evaluate(page, R"((async () => {
      const [loss, rtt] = netkeelDashboard.charts.plots;
      const max = loss.scales.x.max - 60, min = max - 120;
      loss.setScale('x', { min, max });
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
      return [loss.scales.x.min === min, rtt.scales.x.min === min, rtt.scales.x.max === max];
    })())"),
            nlohmann::json({true, true, true}));
  browser.screenshot(page, screenshots_ / "pair-chart-zoomed.png");
  browser.evaluate(page, "netkeelDashboard.charts.plots[0].setScale('x', { min: netkeelDashboard.charts.plots[0].data[0][0], "
                         "max: netkeelDashboard.charts.plots[0].data[0].at(-1) }); true");
  browser.screenshot(page, screenshots_ / "pair-chart.png");

  browser.evaluate(page, std::string("location.hash = '#host?network=mgmt&name=") + kLinkDownHost + "'; true");
  wait_for(browser, page, std::string("[...document.querySelectorAll('#chart-events tbody td')].some((c) => "
                                      "c.textContent === 'eno2 carrier lost')"));
  // Its NICs: one line per interface but loopback, eno2's errors, and the traffic. The other hosts'
  // counters of the same interfaces are stored apart (the server names the host), so they do not add in.
  wait_for(browser, page, "netkeelDashboard.nicCharts.plots.length === 2");
  EXPECT_EQ(browser.evaluate(page, "netkeelDashboard.nicCharts.plots[0].series.slice(1).map((s) => s.label)"),
            nlohmann::json({"eno1", "eno2"}));
  // The 1 h range has 15 s steps, which hold one or two of the 10 s samples: 3 or 6 errors a step.
  EXPECT_EQ(browser.evaluate(page, "Math.max(...netkeelDashboard.nicCharts.plots[0].data[2].filter((v) => v !== null))"),
            6);
  EXPECT_EQ(browser.evaluate(page, "Math.max(...netkeelDashboard.nicCharts.plots[0].data[1].filter((v) => v !== null))"),
            0);
  browser.screenshot(page, screenshots_ / "host-chart.png");
}

// A new 300 x 300 sample set drawn in the page: the figures docs/dashboard.md quotes. Printed, not asserted
// (a timing depends on the machine; the issue's bound, 200 ms, is checked by reading the output).
TEST_F(DashboardBrowserTest, Draws300HostHeatmap) {
  HeadlessChromium browser(chromium_, dir_.path() / "profile-300", 1400, 1000);
  const std::string page = browser.open(url("/vendor/uplot-1.6.32/LICENSE"));  // same origin, no polling
  wait_for(browser, page, "location.origin.startsWith('http') && document.readyState === 'complete'");
  const nlohmann::json figures = browser.evaluate(page, R"((async () => {
      const { Heatmap } = await import(location.origin + '/js/heatmap.js');
      const canvas = document.createElement('canvas'), tip = document.createElement('div');
      document.body.replaceChildren(canvas, tip);
      const n = 300, hosts = [], pairs = [];
      const racks = [];
      for (let r = 0; r < 10; r++) racks.push('r' + r);
      for (let i = 0; i < n; i++) hosts.push({ host: 'h' + String(i).padStart(3, '0'), last_report_ms: Date.now(), age_s: 1, stale: false });
      const topology = { hosts: hosts.map((h, i) => ({ name: h.host, rack: racks[i % 10],
                         nics: [{ name: 'eno1', switch: 'tor' + (i % 10) + 'a' }, { name: 'eno2', switch: 'tor' + (i % 10) + 'b' }] })) };
      const heatmap = new Heatmap(canvas, tip, () => {});
      const parse = [], draw = [];
      for (let round = 0; round < 7; round++) {
        pairs.length = 0;
        for (let s = 0; s < n; s++) for (let d = 0; d < n; d++) if (s !== d) {
          const lost = (s * 7 + d * 13 + round) % 50 === 0 ? 3 : 0;
          pairs.push({ src: hosts[s].host, dst: hosts[d].host, sent: 60, lost, loss: lost / 60, rtt_p50_ms: 0.2, rtt_p99_ms: 0.4 });
        }
        const text = JSON.stringify({ network: 'mgmt', window_s: 60, pairs, stale_after_s: 30, hosts });
        const t0 = performance.now();
        const matrix = JSON.parse(text);
        const t1 = performance.now();
        heatmap.update(matrix, topology, round % 2 ? 'rtt_p99_ms' : 'loss');  // the last round: loss
        await new Promise((resolve) => requestAnimationFrame(() => resolve()));  // until the frame is painted
        const t2 = performance.now();
        parse.push(t1 - t0);
        draw.push(t2 - t1);
      }
      return { pairs: pairs.length, bytes: JSON.stringify({ pairs }).length, parse, draw,
               update_only: heatmap.lastDrawMs };
    })())");
  ASSERT_EQ(figures["pairs"], 300 * 299);
  std::printf("300-host heatmap (%d pairs, %d bytes of JSON): parse ms %s, draw+paint ms %s\n",
              figures["pairs"].get<int>(), figures["bytes"].get<int>(), figures["parse"].dump().c_str(),
              figures["draw"].dump().c_str());
  browser.screenshot(page, screenshots_ / "heatmap-300.png");
}

}  // namespace
}  // namespace netkeel
