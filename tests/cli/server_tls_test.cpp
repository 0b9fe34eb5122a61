// `netkeel server` over TLS with client certificates, end to end on loopback: certificates made by the
// openssl CLI for the test, a batch shipped by curl with the client certificate, the matrix and a query
// read back by the netkeel binary with --ca-cert and a read token; clients without the CA or without a
// certificate are refused with a message naming the flag; bad files stop the server before it starts.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/probe_batch_json.hpp"
#include "support/server_process.hpp"
#include "http/throwaway_pki.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using netkeel::cli_testing::probe_batch_json;
using netkeel::testing::read_file;
using netkeel::testing::RunResult;
using netkeel::testing::ServerProcess;

class ServerTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("netkeel-server-tls-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "token") << "tls-test-site-token\n";
    std::ofstream(dir_ / "read-token") << "tls-test-read-token\n";
    pki_ = std::make_unique<netkeel::test_pki::ThrowawayPki>(dir_ / "pki");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs a shell command line in the test's directory, with no lab around.
  RunResult shell(const std::string& command) {
    const auto out = dir_ / "stdout";
    const auto err = dir_ / "stderr";
    const std::string line = "cd '" + dir_.string() + "' && NETKEEL_LAB_DIR='" + dir_.string() + "/no-lab' " +
                             command + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(line.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
  }
  RunResult netkeel(const std::string& arguments) {
    return shell("'" + std::string(NETKEEL_BINARY_DIR) + "/netkeel' " + arguments);
  }

  // POSTs the batch with curl, which checks the server against the CA and shows the client certificate;
  // returns "STATUS BODY".
  RunResult curl_post(const std::string& url, const std::string& token) {
    std::ofstream(dir_ / "batch.json") << probe_batch_json(now_ms());
    return shell("curl -sS --cacert pki/ca.pem --cert pki/client.pem --key pki/client.key -H 'Authorization: Bearer " +
                 token + "' -H 'Content-Type: application/json' --data-binary @batch.json -w ' %{http_code}' " + url +
                 "/api/v1/batches");
  }

  static long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  std::vector<std::string> server_args(const std::vector<std::string>& extra) const {
    std::vector<std::string> args = {"--store", "sqlite:" + (dir_ / "store.db").string(), "--token-file",
                                     (dir_ / "token").string(), "--read-token-file", (dir_ / "read-token").string(),
                                     "--listen", "127.0.0.1:0", "--maintenance-interval", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  std::filesystem::path dir_;
  std::unique_ptr<netkeel::test_pki::ThrowawayPki> pki_;
};

TEST_F(ServerTlsTest, ShipsOverHttpsWithAClientCertificateAndQueriesWithTheReadToken) {
  ServerProcess server(dir_, server_args({"--tls-cert", pki_->server_cert(), "--tls-key", pki_->server_key(),
                                          "--tls-client-ca", pki_->ca_cert()}));
  const int port = server.wait_for_port();
  ASSERT_GT(port, 0) << read_file(dir_ / "server.err");
  EXPECT_THAT(read_file(dir_ / "server.err"), HasSubstr("(TLS)"));
  const std::string url = "https://127.0.0.1:" + std::to_string(port);

  const RunResult read_only = curl_post(url, "tls-test-read-token");
  EXPECT_THAT(read_only.out, HasSubstr(" 403")) << read_only.err;
  const RunResult stored = curl_post(url, "tls-test-site-token");
  ASSERT_THAT(stored.out, HasSubstr(" 200")) << stored.err;
  EXPECT_THAT(stored.out, HasSubstr(R"("outcome":"stored")"));

  const std::string client = " --ca-cert pki/ca.pem --client-cert pki/client.pem --client-key pki/client.key";
  const RunResult matrix =
      netkeel("matrix --network mgmt --format json --server " + url + client + " --token-file read-token");
  ASSERT_EQ(matrix.exit_code, 0) << matrix.err;
  const auto json = nlohmann::json::parse(matrix.out);
  ASSERT_EQ(json["pairs"].size(), 1U);
  EXPECT_EQ(json["pairs"][0]["lost"], 5);
  const RunResult query = netkeel("query netkeel_probe_lost_total --since 1m --step 0 --server " + url + client +
                                  " --token-file token");
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_THAT(query.out, HasSubstr(R"(netkeel_probe_lost_total{dst="node2")"));

  const RunResult no_token = netkeel("matrix --network mgmt --server " + url + client);
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_THAT(no_token.err, HasSubstr("give --token-file FILE"));
  const RunResult no_ca = netkeel("matrix --network mgmt --server " + url +
                                  " --client-cert pki/client.pem --client-key pki/client.key --token-file token");
  EXPECT_EQ(no_ca.exit_code, 1);
  EXPECT_THAT(no_ca.err, HasSubstr("--ca-cert"));
  const RunResult no_certificate =
      netkeel("matrix --network mgmt --server " + url + " --ca-cert pki/ca.pem --token-file token");
  EXPECT_EQ(no_certificate.exit_code, 1);
  EXPECT_THAT(no_certificate.err, HasSubstr("--client-cert"));
  const RunResult stranger = netkeel("matrix --network mgmt --server " + url +
                                     " --ca-cert pki/ca.pem --client-cert pki/stranger.pem --client-key "
                                     "pki/stranger.key --token-file token");
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_THAT(stranger.err, HasSubstr("no HTTP response"));

  EXPECT_EQ(server.terminate(), 0) << read_file(dir_ / "server.err");
}

TEST_F(ServerTlsTest, BadTlsFilesStopTheServerBeforeItOpensTheStore) {
  std::ofstream(dir_ / "not-pem.txt") << "not a certificate\n";
  const std::string base = "server --store sqlite:" + (dir_ / "store.db").string() +
                           " --token-file token --listen 127.0.0.1:0 --maintenance-interval 0";
  const RunResult bad_cert = netkeel(base + " --tls-cert not-pem.txt --tls-key pki/server.key");
  EXPECT_EQ(bad_cert.exit_code, 2);
  EXPECT_THAT(bad_cert.err, HasSubstr("--tls-cert not-pem.txt: not a usable PEM certificate"));
  const RunResult wrong_key = netkeel(base + " --tls-cert pki/server.pem --tls-key pki/client.key");
  EXPECT_EQ(wrong_key.exit_code, 2);
  EXPECT_THAT(wrong_key.err, HasSubstr("--tls-key pki/client.key is not the key of the certificate"));
  const RunResult no_key = netkeel(base + " --tls-cert pki/server.pem");
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_THAT(no_key.err, HasSubstr("--tls-key is missing"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "store.db")) << "a refused start left a store behind";

  const RunResult same_tokens = netkeel(base + " --read-token-file token");
  EXPECT_EQ(same_tokens.exit_code, 2);
  EXPECT_THAT(same_tokens.err, HasSubstr("holds the site token"));
  // The agent's TLS flags are checked before it starts, too.
  const std::string agent = "agent --site '" + std::string(NETKEEL_SOURCE_DIR) +
                            "/examples/sites/1-one-rack-one-vlan.yaml' --host node1 --token-file token";
  const RunResult agent_http = netkeel(agent + " --server http://127.0.0.1:1 --ca-cert pki/ca.pem");
  EXPECT_EQ(agent_http.exit_code, 2);
  EXPECT_THAT(agent_http.err, HasSubstr("--ca-cert is for a TLS server"));
  const RunResult agent_no_key = netkeel(agent + " --server https://127.0.0.1:1 --client-cert pki/client.pem");
  EXPECT_EQ(agent_no_key.exit_code, 2);
  EXPECT_THAT(agent_no_key.err, HasSubstr("--client-cert needs --client-key"));

  const RunResult http_with_ca = netkeel("query m --server http://127.0.0.1:1 --ca-cert pki/ca.pem");
  EXPECT_EQ(http_with_ca.exit_code, 2);
  EXPECT_THAT(http_with_ca.err, HasSubstr("give the server as https://"));
  EXPECT_THAT(http_with_ca.err, Not(HasSubstr("no HTTP response")));
}

}  // namespace
