// CurlHttpClient over TLS against a real cpp-httplib SSLServer on 127.0.0.1, with certificates made by
// the openssl CLI for this test: the server is verified against --ca-cert, never skipped, and a client
// certificate is presented when given.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <memory>
#include <thread>

#include "http/throwaway_pki.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/http/tls_client_files.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::http {
namespace {

using ::testing::HasSubstr;

// An HTTPS server on a free loopback port answering GET /who with the client certificate's subject
// ("none" without one); with `client_ca`, it refuses clients without a certificate signed by it.
class TlsLoopbackServer {
 public:
  TlsLoopbackServer(const test_pki::ThrowawayPki& pki, bool require_client_certificate)
      : server_(pki.server_cert().c_str(), pki.server_key().c_str(),
                require_client_certificate ? pki.ca_cert().c_str() : nullptr) {
    if (!server_.is_valid()) throw std::runtime_error("cpp-httplib rejected the test certificates");
    server_.Get("/who", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("hello over TLS", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsLoopbackServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& host = "127.0.0.1") const {
    return "https://" + host + ":" + std::to_string(port_) + "/who";
  }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

class CurlTlsTest : public ::testing::Test {
 protected:
  netkeel::testing::TemporaryDirectory dir_{"netkeel-http-tls"};
  test_pki::ThrowawayPki pki_{dir_.path()};
};

std::string failure_of(CurlHttpClient& client, const std::string& url) {
  try {
    const Response response = client.send(Request{.url = url});
    return "answered " + std::to_string(response.status);
  } catch (const RuntimeError& error) {
    return error.what();
  }
}

TEST_F(CurlTlsTest, VerifiesTheServerAgainstTheCaFile) {
  TlsLoopbackServer server(pki_, false);
  CurlHttpClient client(TlsClientFiles{.ca_file = pki_.ca_cert()});
  const Response response = client.send(Request{.url = server.url()});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello over TLS");
  EXPECT_EQ(client.send(Request{.url = server.url("localhost")}).status, 200);  // the other name in the cert
}

TEST_F(CurlTlsTest, WithoutTheCaTheServerIsRefusedAndTheMessageNamesCaCert) {
  TlsLoopbackServer server(pki_, false);
  CurlHttpClient system_cas;
  const std::string message = failure_of(system_cas, server.url());
  EXPECT_THAT(message, HasSubstr("no HTTP response"));
  EXPECT_THAT(message, HasSubstr("--ca-cert"));

  // A CA that did not sign the server's certificate is no better.
  CurlHttpClient other_ca(TlsClientFiles{.ca_file = pki_.file("other-ca.pem")});
  EXPECT_THAT(failure_of(other_ca, server.url()), HasSubstr("not signed by the CA in"));
}

TEST_F(CurlTlsTest, PresentsTheClientCertificateWhenTheServerWantsOne) {
  TlsLoopbackServer server(pki_, true);
  CurlHttpClient without(TlsClientFiles{.ca_file = pki_.ca_cert()});
  EXPECT_THAT(failure_of(without, server.url()), HasSubstr("--client-cert"));
  CurlHttpClient stranger(TlsClientFiles{pki_.ca_cert(), pki_.stranger_cert(), pki_.stranger_key()});
  EXPECT_THAT(failure_of(stranger, server.url()), HasSubstr("no HTTP response"));
  CurlHttpClient client(TlsClientFiles{pki_.ca_cert(), pki_.client_cert(), pki_.client_key()});
  EXPECT_EQ(client.send(Request{.url = server.url()}).status, 200);
}

TEST_F(CurlTlsTest, AnHttpsUrlToAPlainHttpServerSaysSo) {
  httplib::Server plain;
  plain.Get("/who", [](const httplib::Request&, httplib::Response& response) { response.set_content("plain", "text/plain"); });
  const int port = plain.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { plain.listen_after_bind(); });
  while (!plain.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // else stop() is lost
  CurlHttpClient client(TlsClientFiles{.ca_file = pki_.ca_cert()});
  const std::string message = failure_of(client, "https://127.0.0.1:" + std::to_string(port) + "/who");
  plain.stop();
  thread.join();
  EXPECT_THAT(message, HasSubstr("does not speak TLS on this port"));
}

TEST_F(CurlTlsTest, CheckTlsClientFilesNamesTheFlagAndTheFix) {
  const auto error_of = [](const TlsClientFiles& files, const std::string& url) -> std::string {
    try {
      check_tls_client_files(files, url);
      return "";
    } catch (const UsageError& error) {
      return error.what();
    }
  };
  EXPECT_EQ(error_of({pki_.ca_cert(), pki_.client_cert(), pki_.client_key()}, "https://10.0.0.1:9948"), "");
  EXPECT_EQ(error_of({}, "http://10.0.0.1:9948"), "");
  EXPECT_THAT(error_of({.ca_file = pki_.ca_cert()}, "http://10.0.0.1:9948"),
              HasSubstr("--ca-cert is for a TLS server, but the server URL is http://10.0.0.1:9948"));
  EXPECT_THAT(error_of({.ca_file = dir_.path() / "missing.pem"}, "https://h:1"),
              HasSubstr("--ca-cert " + (dir_.path() / "missing.pem").string() + ": cannot read it"));
  EXPECT_THAT(error_of({.client_cert_file = pki_.client_cert()}, "https://h:1"), HasSubstr("--client-cert needs --client-key"));
  EXPECT_THAT(error_of({.client_key_file = pki_.client_key()}, "https://h:1"), HasSubstr("--client-key needs --client-cert"));
  EXPECT_EQ(error_of({.ca_file = pki_.ca_cert()}, "HTTPS://h:1"), "");  // the scheme is case-insensitive
}

}  // namespace
}  // namespace netkeel::http
