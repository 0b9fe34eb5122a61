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
#include "support/test_namespace.hpp"

namespace {

using ::testing::HasSubstr;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a shell command, returns (exit code, stdout).
std::pair<int, std::string> shell(const std::string& command, const std::filesystem::path& out) {
  const int status = std::system((command + " >'" + out.string() + "' 2>&1").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out)};
}

class ServerChild {
 public:
  ServerChild(const std::filesystem::path& dir, std::vector<std::string> arguments) : dir_(dir) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen((dir / "server.out").c_str(), "w", stdout);
      std::freopen((dir / "server.err").c_str(), "w", stderr);
      arguments.insert(arguments.begin(), {std::string(NETKEEL_BINARY_DIR) + "/netkeel", "server"});
      std::vector<char*> argv;
      for (auto& a : arguments) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::_Exit(127);
    }
  }
  ~ServerChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // The port printed for `pattern` ("listening on <pattern>:PORT"), waiting up to 60 s; 0 if never.
  int port_of(const std::string& pattern) {
    const std::regex listening("listening on " + pattern + ":([0-9]+)");
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
  int terminate() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

TEST(ServerListenIn, ServesClientsInsideTheNamespace) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                    ("netkeel-listen-in-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    netkeel::testing::TestNamespace ns;
    ns.must_ip({"link", "set", "lo", "up"});
    ServerChild server(dir, {"--no-auth", "--store", "sqlite:" + (dir / "store.db").string(), "--listen",
                             "127.0.0.1:0", "--listen-in", ns.name() + "=127.0.0.1:0", "--maintenance-interval", "0"});
    const int inside = server.port_of(ns.name() + "=127\\.0\\.0\\.1");
    const int outside = server.port_of("127\\.0\\.0\\.1");
    ASSERT_GT(inside, 0) << read_file(dir / "server.err");
    ASSERT_GT(outside, 0);

    const std::string in_ns = "ip netns exec " + ns.name() + " ";
    const auto health = shell(in_ns + "curl -sS http://127.0.0.1:" + std::to_string(inside) + "/api/v1/health",
                              dir / "health");
    EXPECT_EQ(health.first, 0) << health.second;
    EXPECT_THAT(health.second, HasSubstr(R"({"status":"ok"})"));

    const std::string batch = R"({"version":1,"id":{"host":"inside","sequence":1},"series":[{"metric":"up"}],)"
                              R"("samples":[[0,1764150000000,1]]})";
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
    std::ofstream(dir / "token") << "listen-in-token\n";
    netkeel::testing::TestNamespace ns;
    ns.must_ip({"link", "set", "lo", "up"});
    ServerChild server(dir, {"--token-file", (dir / "token").string(), "--store", "sqlite:" + (dir / "store.db").string(),
                             "--listen-in", ns.name() + "=127.0.0.1:0", "--tls-cert", pki.server_cert(), "--tls-key",
                             pki.server_key(), "--tls-client-ca", pki.ca_cert(), "--maintenance-interval", "0"});
    const int inside = server.port_of(ns.name() + "=127\\.0\\.0\\.1");
    ASSERT_GT(inside, 0) << read_file(dir / "server.err");

    const std::string in_ns = "ip netns exec " + ns.name() + " curl -sS ";
    const std::string url = "https://127.0.0.1:" + std::to_string(inside) + "/api/v1/hosts";
    const std::string client = "--cacert " + pki.ca_cert() + " --cert " + pki.client_cert() + " --key " + pki.client_key();
    const auto hosts = shell(in_ns + client + " -H 'Authorization: Bearer listen-in-token' " + url, dir / "hosts");
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
