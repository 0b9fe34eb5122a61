// The real HTTP front end over TLS on 127.0.0.1, with certificates made by the openssl CLI for the test,
// a real SQLite store and the real libcurl client: a batch is shipped and queried back over HTTPS; clients
// without the CA, or (with a client CA) without a certificate signed by it, are refused in the handshake;
// and bad certificate or key files stop the server before it binds anything, naming the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <memory>

#include <nlohmann/json.hpp>

#include "http/throwaway_pki.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/server/api_server.hpp"
#include "netkeel/server/matrix_json.hpp"
#include "netkeel/server/tls_context.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

constexpr store::TimestampMs kT0 = 1764150000000;
constexpr const char* kToken = "tls-site-token";
constexpr const char* kReadToken = "tls-read-token";

class ApiServerTlsTest : public ::testing::Test {
 protected:
  ServerTlsFiles files(bool client_ca) const {
    return {pki_.server_cert(), pki_.server_key(), client_ca ? pki_.ca_cert() : std::string()};
  }

  void start(const ServerTlsFiles& tls) {
    ApiServerOptions options;
    options.listen = {{"", "127.0.0.1", 0}};
    options.ingest.tokens = {kToken, kReadToken};
    options.tls = tls;
    options.clock = testing::clock_at_wall_time(kT0 + 60000);
    server_ = std::make_unique<ApiServer>(*stored_.store, options);
  }

  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(server_->bound().at(0).port) + path;
  }

  http::Response post_batch(http::HttpClient& client, std::uint64_t sequence, const std::string& token = kToken) {
    http::Request request;
    request.method = "POST";
    request.url = url("/api/v1/batches");
    request.headers = {{"Authorization", "Bearer " + token},
                       {"Content-Type", "application/json"},
                       {"Content-Encoding", "gzip"}};
    request.body =
        http::gzip_compress(store::encode_batch_json(testing::probe_batch("node1", sequence, "node2", "mgmt", kT0, 60, 5)));
    return client.send(request);
  }

  http::Response get(http::HttpClient& client, const std::string& path, const std::string& token = kToken) {
    return client.send(http::Request{.url = url(path), .headers = {{"Authorization", "Bearer " + token}}});
  }

  // The failure message of a request that gets no HTTP response; "" when one came.
  static std::string refusal(const std::function<http::Response()>& send) {
    try {
      send();
      return "";
    } catch (const RuntimeError& error) {
      return error.what();
    }
  }

  testing::StoreInTempDir stored_;
  netkeel::test_pki::ThrowawayPki pki_{stored_.dir.file("pki")};
  std::unique_ptr<ApiServer> server_;
};

TEST_F(ApiServerTlsTest, ShipsABatchAndQueriesItBackOverHttps) {
  start(files(false));
  EXPECT_TRUE(server_->uses_tls());
  http::CurlHttpClient client(http::TlsClientFiles{.ca_file = pki_.ca_cert()});
  const http::Response stored = post_batch(client, 1);
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(nlohmann::json::parse(stored.body)["outcome"], "stored");

  const http::Response matrix = get(client, "/api/v1/matrix?network=mgmt&window=60s");
  ASSERT_EQ(matrix.status, 200) << matrix.body;
  const MatrixReport report = matrix_from_json(nlohmann::json::parse(matrix.body));
  ASSERT_EQ(report.matrix.pairs.size(), 1U);
  EXPECT_EQ(report.matrix.pairs[0].sent, 60);
  EXPECT_EQ(report.matrix.pairs[0].lost, 12);
}

TEST_F(ApiServerTlsTest, TokensAreCheckedOverHttpsToo) {
  start(files(false));
  http::CurlHttpClient client(http::TlsClientFiles{.ca_file = pki_.ca_cert()});
  ASSERT_EQ(post_batch(client, 1).status, 200);
  EXPECT_EQ(get(client, "/api/v1/hosts", "wrong").status, 401);
  EXPECT_EQ(get(client, "/api/v1/hosts", kReadToken).status, 200);
  EXPECT_EQ(post_batch(client, 2, kReadToken).status, 403);
  EXPECT_EQ(post_batch(client, 3, "wrong").status, 401);
}

TEST_F(ApiServerTlsTest, AClientWithoutTheCaOrSpeakingPlainHttpIsRefused) {
  start(files(false));
  http::CurlHttpClient system_cas;  // the system's CAs never signed the throwaway server certificate
  EXPECT_THAT(refusal([&] { return post_batch(system_cas, 1); }), HasSubstr("--ca-cert"));
  http::CurlHttpClient plain;
  const std::string plain_url = "http://127.0.0.1:" + std::to_string(server_->bound().at(0).port) + "/api/v1/health";
  EXPECT_THAT(refusal([&] { return plain.send(http::Request{.url = plain_url}); }), HasSubstr("no HTTP response"));
  // Nothing reached the store, and the server still serves a proper client.
  http::CurlHttpClient client(http::TlsClientFiles{.ca_file = pki_.ca_cert()});
  EXPECT_EQ(nlohmann::json::parse(get(client, "/api/v1/hosts").body)["hosts"].size(), 0U);
}

TEST_F(ApiServerTlsTest, WithAClientCaOnlyClientsWithACertificateItSignedGetIn) {
  start(files(true));
  http::CurlHttpClient no_certificate(http::TlsClientFiles{.ca_file = pki_.ca_cert()});
  EXPECT_THAT(refusal([&] { return post_batch(no_certificate, 1); }), HasSubstr("no HTTP response"));
  http::CurlHttpClient stranger(http::TlsClientFiles{pki_.ca_cert(), pki_.stranger_cert(), pki_.stranger_key()});
  EXPECT_THAT(refusal([&] { return post_batch(stranger, 2); }), HasSubstr("no HTTP response"));

  http::CurlHttpClient agent(http::TlsClientFiles{pki_.ca_cert(), pki_.client_cert(), pki_.client_key()});
  ASSERT_EQ(post_batch(agent, 3).status, 200);
  const auto hosts = nlohmann::json::parse(get(agent, "/api/v1/hosts").body)["hosts"];
  ASSERT_EQ(hosts.size(), 1U);  // only the certified client's batch is in
  EXPECT_EQ(hosts[0]["host"], "node1");
}

TEST_F(ApiServerTlsTest, BadFilesStopTheServerBeforeItBindsNamingTheFileAndTheFix) {
  std::ofstream(stored_.dir.file("not-pem.txt")) << "this is not a certificate\n";
  const std::string missing = stored_.dir.file("missing.pem");
  const struct {
    ServerTlsFiles files;
    const char* expected;
  } cases[] = {
      {{missing, pki_.server_key(), ""}, "--tls-cert "},
      {{stored_.dir.file("not-pem.txt"), pki_.server_key(), ""}, "not a usable PEM certificate"},
      {{pki_.server_cert(), stored_.dir.file("not-pem.txt"), ""}, "not a usable PEM private key"},
      {{pki_.server_cert(), pki_.encrypted_server_key(), ""}, "not encrypted"},
      {{pki_.server_cert(), pki_.client_key(), ""}, "is not the key of the certificate in --tls-cert"},
      {{pki_.server_cert_valid("expired", "20000101000000Z", "20000102000000Z"), pki_.server_key(), ""},
       "the certificate expired on Jan  2 00:00:00 2000 GMT"},
      {{pki_.server_cert_valid("future", "20990101000000Z", "20991231000000Z"), pki_.server_key(), ""},
       "not valid before Jan  1 00:00:00 2099 GMT: check this machine's clock"},
      {{pki_.server_cert(), pki_.server_key(), stored_.dir.file("not-pem.txt")}, "--tls-client-ca"},
      {{pki_.server_cert(), pki_.server_key(), missing}, "cannot read it"},
      {{pki_.server_cert(), "", ""}, "--tls-cert and --tls-key go together"},
  };
  for (const auto& c : cases) {
    try {
      start(c.files);
      ADD_FAILURE() << "started with " << c.files.cert_file << " / " << c.files.key_file << " / " << c.files.client_ca_file;
    } catch (const UsageError& error) {
      EXPECT_THAT(error.what(), HasSubstr(c.expected));
    }
    try {
      check_tls_files(c.files);
      ADD_FAILURE() << "check_tls_files passed " << c.files.cert_file << " / " << c.files.key_file;
    } catch (const UsageError& error) {
      EXPECT_THAT(error.what(), HasSubstr(c.expected));
    }
  }
  EXPECT_NO_THROW(check_tls_files(files(true)));
}

}  // namespace
}  // namespace netkeel::server
