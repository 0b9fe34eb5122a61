// Spool and replay end to end, on loopback only: the agent's real shipping (libcurl, the spool on disk,
// the shipper thread) sends to the real `netkeel server` (SQLite store). The server is killed with SIGKILL
// for 30 s while batches keep coming, the agent restarts while it is away, the server comes back on the
// same store, and every batch must then be stored exactly once (issue 6, "Done when").
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "support/temporary_directory.hpp"
#include "netkeel/agent/shipping.hpp"
#include "netkeel/store/sqlite_store.hpp"

extern char** environ;

namespace netkeel::agent {
namespace {

constexpr auto kOutage = std::chrono::seconds(30);

int unused_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(std::uint16_t(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

template <typename Condition>
bool eventually(Condition condition, std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

// `netkeel server` on a SQLite store; SIGKILLed by kill() and by the destructor, whatever the outcome.
class ServerProcess {
 public:
  ServerProcess(int port, const std::string& db_path, const std::string& token_file) {
    std::vector<std::string> args{NETKEEL_BINARY_DIR "/netkeel", "server", "--store", "sqlite:" + db_path,
                                  "--token-file", token_file, "--listen", "127.0.0.1:" + std::to_string(port)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
  }
  ~ServerProcess() { kill(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  bool started() const { return pid_ > 0; }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

std::uint64_t metric_value(const std::string& text, const std::string& name) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("\n" + name + " ([0-9]+)\n"))) return 0;
  return std::stoull(match[1]);
}

std::uint64_t unreachable_failures(const std::string& text) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("netkeel_agent_ship_failures_total\\{reason=\"unreachable\"\\} ([0-9]+)")))
    return 0;
  return std::stoull(match[1]);
}

// Real monotonic time, and a wall clock that reads 10 s per interval from the start.
class SpacedWallClock final : public Clock {
 public:
  explicit SpacedWallClock(const int& interval) : interval_(interval) {}
  SteadyTime now() const override { return real_.now(); }
  WallTime wall_now() const override { return start_ + std::chrono::seconds(10) * interval_; }
  void sleep_for(Nanoseconds duration) const override { real_.sleep_for(duration); }

 private:
  SystemClock real_;
  WallTime start_ = real_.wall_now();
  const int& interval_;
};

AgentSnapshot interval(int number) {
  AgentSnapshot snapshot;
  snapshot.site = "replay";
  snapshot.host = "node1";
  snapshot.responder_answered_total = std::uint64_t(number);  // tells the batches apart in the store
  snapshot.netstat = {{"Tcp", "RetransSegs", number}};
  return snapshot;
}

TEST(ShipReplay, EveryBatchIsStoredExactlyOnceAcrossA30sServerKillAndARestartedAgent) {
  netkeel::testing::TemporaryDirectory dir;
  const std::string token = "replay-test-site-token";
  std::ofstream(dir.path() / "token") << token << "\n";
  const int port = unused_loopback_port();
  const std::string db_path = (dir.path() / "store.db").string();
  ShippingOptions options;
  options.server_url = "http://127.0.0.1:" + std::to_string(port);
  options.token_file = (dir.path() / "token").string();
  options.spool_dir = (dir.path() / "spool").string();
  int next = 1;
  // Each interval 10 s after the last, as the daemon's report interval would space them (the store keeps
  // one point per series and millisecond); retries keep real monotonic time.
  const SpacedWallClock clock(next);
  const store::TimestampMs start_ms = unix_milliseconds(clock.wall_now());

  const std::string token_file = (dir.path() / "token").string();
  auto server = std::make_unique<ServerProcess>(port, db_path, token_file);
  ASSERT_TRUE(server->started());
  ASSERT_TRUE(eventually([&] { return accepts_connections(port); })) << "the server did not start";

  auto shipping = std::make_unique<Shipping>(options, clock);
  for (; next <= 10; ++next) shipping->ship(interval(next));
  ASSERT_TRUE(eventually([&] { return metric_value(shipping->metrics_text(), "netkeel_agent_shipped_batches_total") == 10; }))
      << shipping->metrics_text();

  server->kill();  // SIGKILL: no clean shutdown of the server or its store
  const auto killed_at = std::chrono::steady_clock::now();
  for (; next <= 20; ++next) shipping->ship(interval(next));
  ASSERT_TRUE(eventually([&] {
    const std::string text = shipping->metrics_text();
    return metric_value(text, "netkeel_agent_spool_batches") == 10 && unreachable_failures(text) >= 3;
  })) << shipping->metrics_text();

  shipping.reset();  // the agent restarts while the server is away; its spool stays
  shipping = std::make_unique<Shipping>(options, clock);
  EXPECT_EQ(metric_value(shipping->metrics_text(), "netkeel_agent_spool_batches"), 10u);
  for (; next <= 25; ++next) shipping->ship(interval(next));
  std::this_thread::sleep_until(killed_at + kOutage);  // the outage lasts what the issue asks

  server = std::make_unique<ServerProcess>(port, db_path, token_file);
  ASSERT_TRUE(eventually([&] { return metric_value(shipping->metrics_text(), "netkeel_agent_spool_batches") == 0; }))
      << shipping->metrics_text();
  EXPECT_EQ(metric_value(shipping->metrics_text(), "netkeel_agent_shipped_batches_total"), 15u);
  shipping.reset();
  server->kill();

  store::SqliteStore store(db_path);
  store::RangeQuery query;
  query.selector.metric = "netkeel_responder_answered_total";
  query.start_ms = start_ms;
  query.end_ms = start_ms + 3'600'000;
  const auto series = store.query_range(query);
  ASSERT_EQ(series.size(), 1u);
  std::multiset<double> values;
  for (const auto& point : series[0].points) values.insert(point.value);
  std::multiset<double> expected;
  for (int i = 1; i <= 25; ++i) expected.insert(i);
  EXPECT_EQ(values, expected) << "each of the 25 batches must be stored exactly once";
  const auto hosts = store.hosts();
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(hosts[0].host, "node1");
}

}  // namespace
}  // namespace netkeel::agent
