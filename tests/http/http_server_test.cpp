// http::HttpServer on 127.0.0.1 with the real libcurl client: routes on the event loop answer while every
// worker is held by a slow handler, a full worker queue is a 503 at once, and a throwing handler gets the
// server's 500 answer. (The attacks on connections are in tests/server/api_server_attack_test.cpp.)
#include "netkeel/http/http_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <vector>
#include <stdexcept>

#include "netkeel/http/http_client.hpp"
#include "server/attack_clients.hpp"

namespace netkeel::http {
namespace {

using namespace std::chrono_literals;

HttpReply text(int status, std::string body) { return {status, "text/plain", std::move(body), {}}; }

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    HttpServerOptions options;
    options.worker_threads = 1;
    options.limits.max_queued_requests = 1;
    HttpRoute slow{"GET", "/slow", {}, 0, {}, [this](const HttpRequest&) {
                     if (!started_signalled_.exchange(true)) started_.set_value();
                     release_.wait();
                     return text(200, "slow");
                   }};
    HttpRoute quick{"GET", "/quick", {}, 0, {}, [](const HttpRequest&) { return text(200, "quick"); }, false};
    HttpRoute throwing{"GET", "/throws", {}, 0, {}, [](const HttpRequest&) -> HttpReply {
                         throw std::runtime_error("the store went away");
                       }};
    options.routes = {slow, quick, throwing};
    options.no_route = [](const HttpRequest& request) { return text(404, "no " + request.path); };
    options.bad_framing = [](const std::string& problem) { return text(400, problem); };
    options.busy = [] { return text(503, "busy"); };
    options.internal_error = [](const HttpRequest& request, const std::string& what) {
      return text(500, request.path + ": " + what);
    };
    std::vector<ListeningSocket> sockets;
    sockets.emplace_back("127.0.0.1", 0);
    port_ = sockets.back().port();
    server_ = std::make_unique<HttpServer>(std::move(sockets), std::move(options));
  }
  ~HttpServerTest() override {
    if (!released_) release_promise_.set_value();
  }

  Response get(const std::string& path, std::chrono::milliseconds deadline = 10s) {
    CurlHttpClient client;
    return client.send(Request{.url = "http://127.0.0.1:" + std::to_string(port_) + path, .timeout = deadline});
  }
  void release() {
    released_ = true;
    release_promise_.set_value();
  }

  std::promise<void> started_;
  std::atomic<bool> started_signalled_{false};
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
  bool released_ = false;
  int port_ = 0;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, TheLoopAnswersWhileTheWorkerIsHeldAndAFullQueueIs503) {
  auto held = std::async(std::launch::async, [&] { return get("/slow"); });
  started_.get_future().wait();  // the only worker is held from here
  // Five more: one fits the queue (of 1), four are refused at once, whichever comes first.
  std::vector<std::future<Response>> more;
  for (int i = 0; i < 5; ++i) more.push_back(std::async(std::launch::async, [&] { return get("/slow"); }));
  int busy = 0;
  std::future<Response>* queued = nullptr;
  for (auto& response : more) {
    if (response.wait_for(3s) == std::future_status::ready) {
      EXPECT_EQ(response.get().body, "busy");
      ++busy;
    } else {
      queued = &response;
    }
  }
  EXPECT_EQ(busy, 4);
  const Response quick = get("/quick", 1000ms);  // answered on the loop, within 1 s
  EXPECT_EQ(quick.status, 200);
  EXPECT_EQ(quick.body, "quick");
  release();
  EXPECT_EQ(held.get().body, "slow");
  ASSERT_NE(queued, nullptr);
  EXPECT_EQ(queued->get().body, "slow");
  EXPECT_EQ(server_->counts().refused_busy, 4U);
}

TEST_F(HttpServerTest, AThrowingHandlerGetsTheInternalErrorAnswerAndTheServerGoesOn) {
  const Response failed = get("/throws");
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body, "/throws: the store went away");
  EXPECT_EQ(get("/quick").status, 200);
  EXPECT_EQ(get("/nothing").body, "no /nothing");
  // A body on a route that takes none is refused from the head, and the connection closed.
  const int fd = attack::connect_from("127.0.0.1", port_);
  ASSERT_GE(fd, 0);
  attack::send_all(fd, "GET /quick HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  const attack::Received reply = attack::receive_until_closed(fd, attack::Clock::now() + 5s);
  ::close(fd);
  EXPECT_THAT(reply.bytes, ::testing::StartsWith("HTTP/1.1 413"));
  EXPECT_THAT(reply.bytes, ::testing::HasSubstr("GET /quick takes no request body"));
  EXPECT_TRUE(reply.closed);
}

}  // namespace
}  // namespace netkeel::http
