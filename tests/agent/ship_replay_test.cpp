// Spool and replay end to end, on loopback only: the agent's real shipping (libcurl, the spool on disk,
// the shipper thread) sends to a receiver process that implements POST /api/v1/batches (docs/api.md) on a
// real SqliteStore. The receiver is killed with SIGKILL while batches keep coming, the agent restarts
// while it is away, the receiver comes back, and every batch must then be stored exactly once.
//
// The receiver is this test binary run again with a filter (BatchReceiverProcess.Serve), so SIGKILL hits
// a real process holding a real store. It stands in for `netkeel server` until that command exists.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "agent/temporary_directory.hpp"
#include "netkeel/agent/shipping.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "netkeel/store/invalid_batch.hpp"
#include "netkeel/store/sqlite_store.hpp"

extern char** environ;

namespace netkeel::agent {
namespace {

constexpr const char* kReceiverEnv = "NETKEEL_TEST_BATCH_RECEIVER";  // "PORT DB_PATH TOKEN"

// The ingest contract of docs/api.md, minimal: token, gzip or identity, decode, durable write, outcome.
void serve_batches(int port, const std::string& db_path, const std::string& token) {
  store::SqliteStore store(db_path);
  httplib::Server server;
  server.Post("/api/v1/batches", [&](const httplib::Request& request, httplib::Response& response) {
    auto answer = [&](int status, const nlohmann::json& body) {
      response.status = status;
      response.set_content(body.dump(), "application/json");
    };
    if (request.get_header_value("Authorization") != "Bearer " + token) return answer(401, {{"error", "wrong token"}});
    try {
      // cpp-httplib (built with zlib) may have inflated a gzip body already; inflate what it left.
      const bool still_gzip = request.body.size() >= 2 && static_cast<unsigned char>(request.body[0]) == 0x1f &&
                              static_cast<unsigned char>(request.body[1]) == 0x8b;
      const std::string json = still_gzip ? http::gzip_decompress(request.body, 64u << 20) : request.body;
      const store::Batch batch = store::decode_batch_json(json);
      const auto outcome = store.write(batch);
      answer(200, {{"outcome", outcome == store::WriteOutcome::stored ? "stored" : "duplicate"},
                   {"batch", store::describe(batch.id)},
                   {"samples", batch.samples.size()}});
    } catch (const std::invalid_argument& error) {
      answer(400, {{"error", error.what()}});
    } catch (const std::exception& error) {
      answer(503, {{"error", error.what()}});
    }
  });
  if (!server.listen("127.0.0.1", port)) std::_Exit(3);
}

TEST(BatchReceiverProcess, Serve) {
  const char* config = std::getenv(kReceiverEnv);
  if (config == nullptr) GTEST_SKIP() << "runs only as the receiver process of ShipReplay";
  std::istringstream words(config);
  int port = 0;
  std::string db_path, token;
  words >> port >> db_path >> token;
  serve_batches(port, db_path, token);
  std::_Exit(0);
}

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

// The receiver process; SIGKILLed by kill() and by the destructor, whatever the test's outcome.
class ReceiverProcess {
 public:
  ReceiverProcess(int port, const std::string& db_path, const std::string& token) {
    const std::string filter = "--gtest_filter=BatchReceiverProcess.Serve";
    const std::string config = std::string(kReceiverEnv) + "=" + std::to_string(port) + " " + db_path + " " + token;
    std::vector<std::string> env_strings{config};
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    std::vector<char*> env;
    for (auto& s : env_strings) env.push_back(s.data());
    env.push_back(nullptr);
    std::string self = "/proc/self/exe";
    std::string quiet = "--gtest_brief=1";
    char* argv[] = {self.data(), const_cast<char*>(filter.c_str()), quiet.data(), nullptr};
    if (posix_spawn(&pid_, "/proc/self/exe", nullptr, nullptr, argv, env.data()) != 0) pid_ = -1;
  }
  ~ReceiverProcess() { kill(); }
  ReceiverProcess(const ReceiverProcess&) = delete;
  ReceiverProcess& operator=(const ReceiverProcess&) = delete;
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

AgentSnapshot interval(int number) {
  AgentSnapshot snapshot;
  snapshot.site = "replay";
  snapshot.host = "node1";
  snapshot.responder_answered_total = std::uint64_t(number);  // tells the batches apart in the store
  snapshot.netstat = {{"Tcp", "RetransSegs", number}};
  return snapshot;
}

TEST(ShipReplay, EveryBatchIsStoredExactlyOnceAcrossAKilledServerAndARestartedAgent) {
  testing::TemporaryDirectory dir;
  const std::string token = "replay-token";
  std::ofstream(dir.path() / "token") << token << "\n";
  const int port = unused_loopback_port();
  const std::string db_path = (dir.path() / "store.db").string();
  ShippingOptions options;
  options.server_url = "http://127.0.0.1:" + std::to_string(port);
  options.token_file = (dir.path() / "token").string();
  options.spool_dir = (dir.path() / "spool").string();
  SteadyClock clock;
  int next = 1;
  // Each interval 10 s after the last, as the daemon's report interval would space them (the store keeps
  // one point per series and millisecond).
  const store::TimestampMs start_ms = system_wall_clock_ms();
  const WallClock wall_clock = [&] { return start_ms + next * 10'000; };

  auto receiver = std::make_unique<ReceiverProcess>(port, db_path, token);
  ASSERT_TRUE(receiver->started());
  ASSERT_TRUE(eventually([&] { return accepts_connections(port); })) << "the receiver did not start";

  auto shipping = std::make_unique<Shipping>(options, clock, wall_clock);
  for (; next <= 10; ++next) shipping->ship(interval(next));
  ASSERT_TRUE(eventually([&] { return metric_value(shipping->metrics_text(), "netkeel_agent_shipped_batches_total") == 10; }))
      << shipping->metrics_text();

  receiver->kill();  // SIGKILL: no clean shutdown of the server or its store
  for (; next <= 20; ++next) shipping->ship(interval(next));
  ASSERT_TRUE(eventually([&] {
    const std::string text = shipping->metrics_text();
    return metric_value(text, "netkeel_agent_spool_batches") == 10 && unreachable_failures(text) >= 3;
  })) << shipping->metrics_text();

  shipping.reset();  // the agent restarts while the server is away; its spool stays
  shipping = std::make_unique<Shipping>(options, clock, wall_clock);
  EXPECT_EQ(metric_value(shipping->metrics_text(), "netkeel_agent_spool_batches"), 10u);
  for (; next <= 25; ++next) shipping->ship(interval(next));

  receiver = std::make_unique<ReceiverProcess>(port, db_path, token);
  ASSERT_TRUE(eventually([&] { return metric_value(shipping->metrics_text(), "netkeel_agent_spool_batches") == 0; }))
      << shipping->metrics_text();
  EXPECT_EQ(metric_value(shipping->metrics_text(), "netkeel_agent_shipped_batches_total"), 15u);
  shipping.reset();
  receiver->kill();

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
