// `netkeel server` + `netkeel matrix` / `netkeel query` end to end on loopback: the built binary serves
// a batch POSTed over a plain socket, the matrix command prints the contract's JSON, and SIGTERM stops
// the server cleanly.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using ::testing::HasSubstr;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A `netkeel server` child process; killed (SIGKILL) if the test ends without stopping it.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& dir, const std::vector<std::string>& arguments) : dir_(dir) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen((dir / "server.out").c_str(), "w", stdout);
      std::freopen((dir / "server.err").c_str(), "w", stderr);
      std::vector<std::string> args = {std::string(NETKEEL_BINARY_DIR) + "/netkeel", "server"};
      args.insert(args.end(), arguments.begin(), arguments.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::_Exit(127);
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // The port from "listening on 127.0.0.1:PORT", waiting up to 60 s; 0 if the server never said it.
  int wait_for_port() {
    const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch match;
      const std::string out = read_file(dir_ / "server.out");
      if (std::regex_search(out, match, listening)) return std::stoi(match[1]);
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  // SIGTERM, then the exit code (waiting up to 60 s), or -1.
  int terminate() {
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

// One HTTP/1.1 exchange on loopback; returns the whole reply.
std::string http_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

std::string post_batch(int port, const std::string& token, const std::string& json) {
  return http_exchange(port, "POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                             "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                             "Content-Length: " + std::to_string(json.size()) + "\r\n\r\n" + json);
}

// node1 -> node2 on mgmt over the last 20 s: 20 probes sent, 5 lost, RTTs of 1 ms and 3 ms.
std::string probe_batch_json(long long now_ms) {
  const long long t0 = now_ms - 20000;
  std::string samples;
  for (int i = 0; i <= 20; ++i) {
    const long long t = t0 + i * 1000;
    if (!samples.empty()) samples += ",";
    samples += "[0," + std::to_string(t) + "," + std::to_string(i) + "],[1," + std::to_string(t) + "," +
               std::to_string(i / 4) + "],[2," + std::to_string(t) + "," + (i % 2 ? "0.001" : "0.003") + "]";
  }
  const std::string labels = R"({"src":"node1","dst":"node2","network":"mgmt","kind":"icmp"})";
  return R"({"version":1,"id":{"host":"node1","sequence":1},"series":[)"
         R"({"metric":"netkeel_probe_sent_total","labels":)" + labels + R"(},)"
         R"({"metric":"netkeel_probe_lost_total","labels":)" + labels + R"(},)"
         R"({"metric":"netkeel_probe_rtt_seconds","labels":)" + labels + R"(}],"samples":[)" + samples +
         R"(],"events":[]})";
}

class ServerCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("netkeel-server-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "token") << "cli-test-token\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RunResult run(const std::string& arguments) {
    const auto out = dir_ / "stdout";
    const auto err = dir_ / "stderr";
    const std::string command = std::string("NETKEEL_LAB_DIR='") + dir_.string() + "' '" + NETKEEL_BINARY_DIR +
                                "/netkeel' " + arguments + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
  }

  std::filesystem::path dir_;
};

TEST_F(ServerCommandTest, ServesABatchAndTheMatrixCommandPrintsItsJson) {
  ServerProcess server(dir_, {"--store", "sqlite:" + (dir_ / "store.db").string(), "--token-file",
                              (dir_ / "token").string(), "--listen", "127.0.0.1:0", "--maintenance-interval", "0"});
  const int port = server.wait_for_port();
  ASSERT_GT(port, 0) << read_file(dir_ / "server.err");
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();

  const std::string refused = post_batch(port, "wrong", probe_batch_json(now_ms));
  EXPECT_THAT(refused, HasSubstr("HTTP/1.1 401"));
  const std::string stored = post_batch(port, "cli-test-token", probe_batch_json(now_ms));
  ASSERT_THAT(stored, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(stored, HasSubstr(R"("outcome":"stored")"));

  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  const RunResult matrix = run("matrix --network mgmt --window 60s --format json --server " + url);
  ASSERT_EQ(matrix.exit_code, 0) << matrix.err;
  const auto json = nlohmann::json::parse(matrix.out);
  EXPECT_EQ(json["network"], "mgmt");
  EXPECT_EQ(json["window_s"], 60);
  ASSERT_EQ(json["pairs"].size(), 1U);
  const auto& pair = json["pairs"][0];
  EXPECT_EQ(pair["src"], "node1");
  EXPECT_EQ(pair["dst"], "node2");
  EXPECT_EQ(pair["sent"], 20);
  EXPECT_EQ(pair["lost"], 5);
  EXPECT_DOUBLE_EQ(pair["loss"].get<double>(), 0.25);
  EXPECT_NEAR(pair["rtt_p50_ms"].get<double>(), 3.0, 1e-9);  // 11 of the 21 RTTs are 3 ms
  EXPECT_NEAR(pair["rtt_p99_ms"].get<double>(), 3.0, 1e-9);

  // Without --server the lab's server-url file is used ($NETKEEL_LAB_DIR/server-url).
  std::ofstream(dir_ / "server-url") << url << "\n";
  const RunResult heatmap = run("matrix --network mgmt --color never");
  ASSERT_EQ(heatmap.exit_code, 0) << heatmap.err;
  EXPECT_THAT(heatmap.out, HasSubstr("1 node1    8\n"));  // 25 % lost: band 8 (<=50%)
  EXPECT_EQ(heatmap.out.find('\x1b'), std::string::npos);

  const RunResult query = run("query netkeel_probe_lost_total --match src=node1 --since 1m --step 0");
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_THAT(query.out, HasSubstr(R"(netkeel_probe_lost_total{dst="node2",kind="icmp",network="mgmt",src="node1"})"));
  const RunResult bad_query = run("query netkeel_probe_lost_total --match 'src' --server " + url);
  EXPECT_EQ(bad_query.exit_code, 2);
  EXPECT_THAT(bad_query.err, HasSubstr("matcher 'src': no operator"));

  EXPECT_EQ(server.terminate(), 0) << read_file(dir_ / "server.err");
  EXPECT_THAT(read_file(dir_ / "server.err"), HasSubstr("stopping"));
}

TEST_F(ServerCommandTest, RefusesToRunWithoutATokenUnlessNoAuthIsExplicit) {
  const RunResult result = run("server --store sqlite:" + (dir_ / "s.db").string() + " --listen 127.0.0.1:0");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--token-file is required"));
  const RunResult bad_listen = run("server --no-auth --listen nowhere");
  EXPECT_EQ(bad_listen.exit_code, 2);
  EXPECT_THAT(bad_listen.err, HasSubstr("--listen nowhere: expected HOST:PORT"));
}

TEST_F(ServerCommandTest, MatrixReportsAnUnreachableServer) {
  const RunResult result = run("matrix --network mgmt --server http://127.0.0.1:1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("127.0.0.1:1"));
}

}  // namespace
