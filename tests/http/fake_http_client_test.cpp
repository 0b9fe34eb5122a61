#include "fakes/http/fake_http_client.hpp"

#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::http {
namespace {

TEST(FakeHttpClient, AnswersFromTheScriptInOrderAndRecordsRequests) {
  FakeHttpClient client;
  client.respond(200, R"({"outcome":"stored"})");
  client.fail("Connection refused");
  client.respond(503);
  EXPECT_EQ(client.send(Request{.url = "http://a/1"}).status, 200);
  EXPECT_THROW(client.send(Request{.url = "http://a/2"}), RuntimeError);
  EXPECT_EQ(client.send(Request{.url = "http://a/3"}).status, 503);
  EXPECT_THROW(client.send(Request{.url = "http://a/4"}), RuntimeError);  // script exhausted
  ASSERT_EQ(client.request_count(), 4u);
  EXPECT_EQ(client.requests()[1].url, "http://a/2");
}

TEST(FakeHttpClient, FallsBackToTheDefaultResponse) {
  FakeHttpClient client;
  client.respond_by_default(Response{204, "", ""});
  EXPECT_EQ(client.send(Request{}).status, 204);
  EXPECT_EQ(client.scripted_left(), 0u);
}

TEST(FakeHttpClient, RefusesABodyLongerThanTheRequestsLimitAsCurlDoes) {
  FakeHttpClient client;
  client.respond(200, std::string(11, 'x'));
  client.respond(200, std::string(10, 'x'));
  EXPECT_THROW(client.send(Request{.url = "http://k/metrics", .max_body_bytes = 10}), ResponseTooLong);
  EXPECT_EQ(client.send(Request{.url = "http://k/metrics", .max_body_bytes = 10}).body.size(), 10u);
}

}  // namespace
}  // namespace netkeel::http
