// CurlHttpClient against a real cpp-httplib server on 127.0.0.1 (loopback only).
#include "netkeel/http/http_client.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "netkeel/core/error.hpp"

namespace netkeel::http {
namespace {

// Binds a TCP socket to an ephemeral loopback port without listening, and closes it: nothing listens there.
int unused_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ADD_FAILURE() << "cannot bind a loopback socket";
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

class LoopbackServer {
 public:
  LoopbackServer() {
    server_.Post("/echo", [](const httplib::Request& request, httplib::Response& response) {
      response.status = 201;
      if (request.get_header_value("Authorization") != "Bearer s3cret") {
        response.status = 401;
        return;
      }
      response.set_content(request.get_header_value("X-Batch") + ":" + request.body, "text/plain");
      response.set_header("X-Netkeel-Site-Version", "7");
      response.set_header("X-Other", "not kept");
    });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& response) {
      response.status = 404;
      response.set_content(R"({"error":"no such thing"})", "application/json");
    });
    server_.Get("/slow", [this](const httplib::Request&, httplib::Response& response) {
      // Holds the answer back until the test is done, so the client's timeout is the only way out.
      while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      response.set_content("late", "text/plain");
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(std::string(3 << 20, 'b'), "text/plain");
    });
    server_.Get("/connection", [](const httplib::Request& request, httplib::Response& response) {
      response.set_content(std::to_string(request.remote_port), "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket is bound and listening already: connections queue in its backlog until the loop runs.
  }
  ~LoopbackServer() {
    stopping_ = true;
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  httplib::Server server_;
  std::atomic<bool> stopping_{false};
  int port_ = 0;
  std::thread thread_;
};

TEST(CurlHttpClient, PostsBodyAndHeadersAndReadsStatusBodyAndContentType) {
  LoopbackServer server;
  CurlHttpClient client;
  Request request;
  request.method = "POST";
  request.url = server.url("/echo");
  request.headers = {{"Authorization", "Bearer s3cret"}, {"X-Batch", "node1#7"}};
  request.body = std::string("a\0b", 3);
  const Response response = client.send(request);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, std::string("node1#7:a\0b", 11));
  EXPECT_EQ(response.content_type, "text/plain");
  // netkeel's own headers, names lower-cased; no other.
  EXPECT_EQ(response.netkeel_headers, (std::vector<std::pair<std::string, std::string>>{{"x-netkeel-site-version", "7"}}));
}

TEST(CurlHttpClient, AnErrorStatusIsAResponseNotAnException) {
  LoopbackServer server;
  CurlHttpClient client;
  const Response response = client.send(Request{.url = server.url("/missing")});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error":"no such thing"})");
  EXPECT_EQ(response.content_type, "application/json");
}

TEST(CurlHttpClient, ReusesOneConnectionForConsecutiveRequests) {
  LoopbackServer server;
  CurlHttpClient client;
  const Response first = client.send(Request{.url = server.url("/connection")});
  const Response second = client.send(Request{.url = server.url("/connection")});
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body, second.body) << "the client port changed: the connection was not kept alive";
}

// A body past max_body_bytes ends the exchange there: the client never holds more than the limit.
TEST(CurlHttpClient, AnAnswerLongerThanTheLimitIsRefusedAndNamed) {
  LoopbackServer server;
  CurlHttpClient client;
  const std::string url = server.url("/big");
  try {
    client.send(Request{.url = url, .max_body_bytes = 1 << 20});
    FAIL() << "a 3 MiB answer passed a 1 MiB limit";
  } catch (const ResponseTooLong& error) {
    EXPECT_EQ(std::string(error.what()), "GET " + url + ": the answer is longer than 1048576 bytes");
  }
  EXPECT_EQ(client.send(Request{.url = url, .max_body_bytes = 3 << 20}).body.size(), 3u << 20) << "exactly the limit";
  EXPECT_EQ(client.send(Request{.url = url}).body.size(), 3u << 20) << "0: no limit";
  EXPECT_EQ(client.send(Request{.url = server.url("/connection"), .max_body_bytes = 1 << 20}).status, 200)
      << "the handle is usable again after a cut-off answer";
}

TEST(CurlHttpClient, TimesOutAndNamesTheUrl) {
  LoopbackServer server;
  CurlHttpClient client;
  const std::string url = server.url("/slow");
  try {
    client.send(Request{.url = url, .timeout = std::chrono::milliseconds(200)});
    FAIL() << "a response that never came did not time out";
  } catch (const RuntimeError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(url), std::string::npos) << message;
    EXPECT_NE(message.find("imed out"), std::string::npos) << message;
  }
}

TEST(CurlHttpClient, ConnectionRefusedIsARuntimeErrorNamingTheUrl) {
  const int free_port = unused_loopback_port();
  CurlHttpClient client;
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port) + "/api/v1/batches";
  try {
    client.send(Request{.method = "POST", .url = url, .body = "{}"});
    FAIL() << "a request to a closed port succeeded";
  } catch (const RuntimeError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("POST " + url), std::string::npos) << message;
    EXPECT_NE(message.find("onnect"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace netkeel::http
