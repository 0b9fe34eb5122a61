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

#include "cli/probe_batch_json.hpp"
#include "support/server_process.hpp"

namespace {

using ::testing::HasSubstr;
using netkeel::cli_testing::probe_batch_json;
using netkeel::testing::read_file;
using netkeel::testing::RunResult;
using netkeel::testing::ServerProcess;

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

class ServerCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("netkeel-server-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "token") << "cli-test-site-token\n";
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
  // --no-alerts: the 25% loss below would otherwise make the alert engine write glitch events, at the
  // pace of its evaluations, into the events this test reads (tests/analyze and AlertsApi cover those).
  ServerProcess server(dir_, {"--store", "sqlite:" + (dir_ / "store.db").string(), "--token-file",
                              (dir_ / "token").string(), "--listen", "127.0.0.1:0", "--maintenance-interval", "0",
                              "--no-alerts"});
  const int port = server.wait_for_port();
  ASSERT_GT(port, 0) << read_file(dir_ / "server.err");
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();

  const std::string refused = post_batch(port, "wrong", probe_batch_json(now_ms));
  EXPECT_THAT(refused, HasSubstr("HTTP/1.1 401"));
  const std::string stored = post_batch(port, "cli-test-site-token", probe_batch_json(now_ms));
  ASSERT_THAT(stored, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(stored, HasSubstr(R"("outcome":"stored")"));

  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  // Queries need the token too; a server given by --server gets no lab token.
  const RunResult without_token = run("matrix --network mgmt --server " + url);
  EXPECT_EQ(without_token.exit_code, 2);
  EXPECT_THAT(without_token.err, HasSubstr("give --token-file FILE"));
  std::ofstream(dir_ / "wrong-token") << "not-the-site-token\n";
  const RunResult wrong_token = run("query netkeel_probe_lost_total --server " + url + " --token-file " +
                                    (dir_ / "wrong-token").string());
  EXPECT_EQ(wrong_token.exit_code, 2);
  EXPECT_THAT(wrong_token.err, HasSubstr("the token of --token-file was refused"));

  const RunResult matrix = run("matrix --network mgmt --window 60s --format json --server " + url +
                               " --token-file " + (dir_ / "token").string());
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
  EXPECT_NEAR(pair["rtt_p50_ms"].get<double>(), 3.0, 3.0 / 128);  // 11 of the 21 RTTs are 3 ms (within the histogram's bound)
  EXPECT_NEAR(pair["rtt_p99_ms"].get<double>(), 3.0, 3.0 / 128);

  // Without --server the lab's server-url file is used ($NETKEEL_LAB_DIR/server-url), with the lab's token.
  std::ofstream(dir_ / "server-url") << url << "\n";
  const RunResult heatmap = run("matrix --network mgmt --color never");
  ASSERT_EQ(heatmap.exit_code, 0) << heatmap.err;
  EXPECT_THAT(heatmap.out, HasSubstr("1 node1    8\n"));  // 25 % lost: band 8 (<=50%)
  EXPECT_EQ(heatmap.out.find('\x1b'), std::string::npos);

  const RunResult query = run("query netkeel_probe_lost_total --match src=node1 --since 1m --step 0");
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_THAT(query.out, HasSubstr(R"(netkeel_probe_lost_total{dst="node2",kind="icmp",network="mgmt",src="node1"})"));
  // A Prometheus selector selects the same series as --match.
  const RunResult selector = run("query 'netkeel_probe_lost_total{src=\"node1\", kind=~\"ic.*\"}' --since 1m --step 0");
  ASSERT_EQ(selector.exit_code, 0) << selector.err;
  EXPECT_EQ(selector.out, query.out);
  const RunResult bad_selector = run("query 'netkeel_probe_lost_total{src=node1}'");
  EXPECT_EQ(bad_selector.exit_code, 2);
  EXPECT_THAT(bad_selector.err, HasSubstr("at character 30: expected a quoted value"));
  const RunResult events = run("events --since 1m --host node1 --format json");
  ASSERT_EQ(events.exit_code, 0) << events.err;
  EXPECT_EQ(nlohmann::json::parse(events.out), (nlohmann::json{{"events", nlohmann::json::array()}}));
  const RunResult events_table = run("events --since 1m");
  EXPECT_EQ(events_table.out, "no events in this range\n");
  const RunResult bad_events = run("events --since soon");
  EXPECT_EQ(bad_events.exit_code, 2);
  EXPECT_THAT(bad_events.err, HasSubstr("since=soon"));
  const RunResult unknown_network = run("matrix --network mgnt");
  EXPECT_EQ(unknown_network.exit_code, 2) << unknown_network.err;
  EXPECT_THAT(unknown_network.err, HasSubstr("did you mean 'mgmt'?"));
  const RunResult bad_query = run("query netkeel_probe_lost_total --match 'src' --lab demo --server " + url);
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

TEST_F(ServerCommandTest, ALabThatDoesNotExistIsNamedNotAskedForAToken) {
  const RunResult result = run("matrix --network mgmt --lab no-such-lab");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("no lab named no-such-lab"));
  EXPECT_THAT(result.err, HasSubstr("--lab, or --server URL"));
}

TEST_F(ServerCommandTest, MatrixReportsAnUnreachableServer) {
  const RunResult result = run("matrix --network mgmt --server http://127.0.0.1:1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("127.0.0.1:1"));
}

}  // namespace
