// `netkeel server --listen-in NS=127.0.0.1:0` on the real kernel: the listening socket lives in a
// namespace this test creates (and removes), clients inside it reach the server, and what they send is
// visible through the server's other listener in its own namespace; with --tls-cert the socket in the
// namespace speaks HTTPS too. Needs root; changes nothing outside the test's namespace.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/throwaway_pki.hpp"
#include "support/server_process.hpp"
#include "support/test_namespace.hpp"

namespace {

using ::testing::HasSubstr;
using netkeel::testing::read_file;
using netkeel::testing::ServerProcess;

// Runs a shell command, returns (exit code, stdout).
std::pair<int, std::string> shell(const std::string& command, const std::filesystem::path& out) {
  const int status = std::system((command + " >'" + out.string() + "' 2>&1").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out)};
}

TEST(ServerListenIn, ServesClientsInsideTheNamespace) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                    ("netkeel-listen-in-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    netkeel::testing::TestNamespace ns;
    ns.must_ip({"link", "set", "lo", "up"});
    ServerProcess server(dir, {"--no-auth", "--store", "sqlite:" + (dir / "store.db").string(), "--listen",
                             "127.0.0.1:0", "--listen-in", ns.name() + "=127.0.0.1:0", "--maintenance-interval", "0"});
    const int inside = server.wait_for_port(ns.name() + "=127\\.0\\.0\\.1");
    const int outside = server.wait_for_port("127\\.0\\.0\\.1");
    ASSERT_GT(inside, 0) << read_file(dir / "server.err");
    ASSERT_GT(outside, 0);

    const std::string in_ns = "ip netns exec " + ns.name() + " ";
    const auto health = shell(in_ns + "curl -sS http://127.0.0.1:" + std::to_string(inside) + "/api/v1/health",
                              dir / "health");
    EXPECT_EQ(health.first, 0) << health.second;
    EXPECT_THAT(health.second, HasSubstr(R"({"status":"ok"})"));

    // A sample of now: the server refuses one outside its window (--max-sample-age, --max-sample-ahead).
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string batch = R"({"version":1,"id":{"host":"inside","sequence":1},"series":[{"metric":"up"}],)"
                              R"("samples":[[0,)" + std::to_string(now_ms) + ",1]]}";
    const auto post = shell(in_ns + "curl -sS -H 'Content-Type: application/json' --data '" + batch +
                                "' http://127.0.0.1:" + std::to_string(inside) + "/api/v1/batches",
                            dir / "post");
    EXPECT_THAT(post.second, HasSubstr(R"("outcome":"stored")"));

    // The batch sent inside the namespace is served by the listener in the server's own namespace.
    const auto hosts = shell("curl -sS http://127.0.0.1:" + std::to_string(outside) + "/api/v1/hosts", dir / "hosts");
    EXPECT_THAT(hosts.second, HasSubstr(R"("host":"inside")"));

    EXPECT_EQ(server.terminate(), 0) << read_file(dir / "server.err");
  }
  std::filesystem::remove_all(dir);
}

TEST(ServerListenIn, TheSocketInsideTheNamespaceSpeaksTlsWhenConfigured) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                    ("netkeel-listen-in-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    const netkeel::test_pki::ThrowawayPki pki(dir / "pki");
    std::ofstream(dir / "token") << "listen-in-test-token\n";
    netkeel::testing::TestNamespace ns;
    ns.must_ip({"link", "set", "lo", "up"});
    ServerProcess server(dir, {"--token-file", (dir / "token").string(), "--store", "sqlite:" + (dir / "store.db").string(),
                             "--listen-in", ns.name() + "=127.0.0.1:0", "--tls-cert", pki.server_cert(), "--tls-key",
                             pki.server_key(), "--tls-client-ca", pki.ca_cert(), "--maintenance-interval", "0"});
    const int inside = server.wait_for_port(ns.name() + "=127\\.0\\.0\\.1");
    ASSERT_GT(inside, 0) << read_file(dir / "server.err");

    const std::string in_ns = "ip netns exec " + ns.name() + " curl -sS ";
    const std::string url = "https://127.0.0.1:" + std::to_string(inside) + "/api/v1/hosts";
    const std::string client = "--cacert " + pki.ca_cert() + " --cert " + pki.client_cert() + " --key " + pki.client_key();
    const auto hosts = shell(in_ns + client + " -H 'Authorization: Bearer listen-in-test-token' " + url, dir / "hosts");
    EXPECT_EQ(hosts.first, 0) << hosts.second;
    EXPECT_THAT(hosts.second, HasSubstr(R"({"hosts":[],)"));

    const auto plain = shell(in_ns + "http://127.0.0.1:" + std::to_string(inside) + "/api/v1/health", dir / "plain");
    EXPECT_NE(plain.first, 0) << "plain HTTP got an answer from a TLS listener: " << plain.second;
    const auto no_certificate = shell(in_ns + "--cacert " + pki.ca_cert() + " " + url, dir / "no-certificate");
    EXPECT_NE(no_certificate.first, 0) << no_certificate.second;

    EXPECT_EQ(server.terminate(), 0) << read_file(dir / "server.err");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
