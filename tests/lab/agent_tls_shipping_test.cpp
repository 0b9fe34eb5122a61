// A running `netkeel agent` ships to `netkeel server` over mutual TLS, end to end: the server listens
// with --tls-cert/--tls-key/--tls-client-ca through a socket in a namespace this test creates (and
// removes); an agent in that namespace with the CA and a client certificate gets its batches stored,
// and an agent with the CA but no client certificate is refused at the handshake and keeps its
// batches in its spool. Needs root; changes nothing outside the test's namespace.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/throwaway_pki.hpp"
#include "support/bridged_hosts.hpp"
#include "support/server_process.hpp"
#include "support/test_namespace.hpp"

namespace {

using ::testing::HasSubstr;
using netkeel::testing::BackgroundProcess;
using netkeel::testing::read_file;
using netkeel::testing::ServerProcess;
using netkeel::testing::shell;

const std::string kNetkeel = std::string(NETKEEL_BINARY_DIR) + "/netkeel";
const std::string kSite = std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/probe-three-hosts.yaml";

// Batches waiting in an agent's spool (docs/shipping.md: one batch-<sequence>.json.gz file each).
size_t spooled_batches(const std::filesystem::path& dir) {
  size_t n = 0;
  if (std::filesystem::exists(dir))
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      n += entry.is_regular_file() && entry.path().filename().string().starts_with("batch-") ? 1 : 0;
  return n;
}

TEST(AgentTlsShipping, ClientCertificateShipsWithoutOneTheBatchesStaySpooled) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                    ("netkeel-agent-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    netkeel::test_pki::ThrowawayPki pki(dir / "pki");
    std::ofstream(dir / "token") << "agent-tls-test-token\n";
    netkeel::testing::TestNamespace ns;
    ns.must_ip({"link", "set", "lo", "up"});
    ServerProcess server(dir, {"--token-file", (dir / "token").string(), "--store", "sqlite:" + (dir / "store.db").string(),
                               "--listen-in", ns.name() + "=127.0.0.1:0", "--tls-cert", pki.server_cert(), "--tls-key",
                               pki.server_key(), "--tls-client-ca", pki.ca_cert(), "--maintenance-interval", "0"});
    const int port = server.wait_for_port(ns.name() + "=127\\.0\\.0\\.1");
    ASSERT_GT(port, 0) << read_file(dir / "server.err");
    const std::string url = "https://127.0.0.1:" + std::to_string(port);

    // Both agents only collect (no probes: the namespace has no peers) and report every 0.2 s.
    auto agent = [&](const std::string& host, std::vector<std::string> tls) {
      std::vector<std::string> argv = {kNetkeel, "agent", "--site", kSite, "--host", host, "--netns", ns.name(),
                                       "--no-icmp", "--no-udp", "--no-tcp", "--no-pmtu", "--metrics-address", "",
                                       "--responder-port", host == "node1" ? "19946" : "19947",
                                       "--report-interval", "0.2", "--server", url, "--token-file",
                                       (dir / "token").string(), "--spool-dir", (dir / ("spool-" + host)).string()};
      argv.insert(argv.end(), tls.begin(), tls.end());
      return std::make_unique<BackgroundProcess>(argv);
    };
    auto with_certificate = agent("node1", {"--ca-cert", pki.ca_cert(), "--client-cert", pki.client_cert(),
                                            "--client-key", pki.client_key()});
    auto without_certificate = agent("node2", {"--ca-cert", pki.ca_cert()});

    const std::string hosts_query = "ip netns exec " + ns.name() + " curl -sS --cacert " + pki.ca_cert() + " --cert " +
                                    pki.client_cert() + " --key " + pki.client_key() +
                                    " -H 'Authorization: Bearer agent-tls-test-token' " + url + "/api/v1/hosts";
    std::string hosts;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((hosts = shell(hosts_query).output).find(R"("host":"node1")") == std::string::npos) {
      ASSERT_TRUE(with_certificate->running()) << "node1's agent exited";
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "node1 never reached the server over TLS: " << hosts;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // node2 has been reporting all along; its batches were refused at the handshake and wait on disk.
    const auto spooled_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (spooled_batches(dir / "spool-node2") < 3) {
      ASSERT_TRUE(without_certificate->running()) << "node2's agent exited";
      ASSERT_LT(std::chrono::steady_clock::now(), spooled_deadline) << "node2 spooled nothing";
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_THAT(shell(hosts_query).output, ::testing::Not(HasSubstr(R"("host":"node2")")));
    EXPECT_EQ(server.terminate(), 0) << read_file(dir / "server.err");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
