#include "netkeel/cli/event_pages.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakes/http/fake_http_client.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::cli {
namespace {

using ::testing::HasSubstr;

const ApiTarget kTarget{"http://127.0.0.1:9948", std::string("t0ken"), false, {}};

TEST(EventPages, FollowsNextUntilTheLastPage) {
  http::FakeHttpClient client;
  client.respond(200, R"({"events": [{"t_ms": 1764150005000, "host": "node1", "kind": "link_down", "text": "eno1 carrier lost"}],
                          "next": "1764150005000:1"})");
  client.respond(200, R"({"events": [{"t_ms": 1764150006000, "host": "node10", "kind": "link_up", "text": "eno1 carrier back"}]})");
  const nlohmann::json events = fetch_all_events(client, kTarget, {{"since", "10m"}, {"host", "node1"}});
  ASSERT_EQ(events["events"].size(), 2U);
  const auto requests = client.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].url, "http://127.0.0.1:9948/api/v1/events?since=10m&host=node1");
  EXPECT_EQ(requests[1].url, "http://127.0.0.1:9948/api/v1/events?since=10m&host=node1&after=1764150005000%3A1");
  EXPECT_EQ(events_table(events),
            "time                      host    kind       text\n"
            "2025-11-26T09:40:05.000Z  node1   link_down  eno1 carrier lost\n"
            "2025-11-26T09:40:06.000Z  node10  link_up    eno1 carrier back\n");
}

TEST(EventPages, NoEventsSaysSo) {
  http::FakeHttpClient client;
  client.respond(200, R"({"events": []})");
  EXPECT_EQ(events_table(fetch_all_events(client, kTarget, {})), "no events in this range\n");
}

TEST(EventPages, RefusesAnswersItCannotTrust) {
  const struct {
    std::vector<std::string> bodies;
    const char* expected;
  } cases[] = {
      {{R"({"items": []})"}, "events page 1: expected {\"events\": [...]}"},
      {{R"({"events": [{"t_ms": "soon", "host": "a", "kind": "k", "text": ""}]})"}, "events page 1.events[0]"},
      {{R"({"events": [{"t_ms": 1, "host": "a", "kind": 3, "text": ""}]})"}, "events[0].kind: expected a string"},
      {{R"({"events": [], "next": "5:0"})", R"({"events": [], "next": "5:0"})"}, "repeated cursor 5:0"},
  };
  for (const auto& c : cases) {
    http::FakeHttpClient client;
    for (const auto& body : c.bodies) client.respond(200, body);
    try {
      fetch_all_events(client, kTarget, {});
      ADD_FAILURE() << "accepted: " << c.expected;
    } catch (const RuntimeError& e) {
      EXPECT_THAT(e.what(), HasSubstr(c.expected));
    }
  }
}

TEST(EventPages, ALabsServerThatDoesNotAnswerIsNamedWithHowToCheckIt) {
  http::FakeHttpClient client;
  client.fail("Failed to connect to 127.0.0.1 port 9948 after 0 ms: Couldn't connect to server");
  ApiTarget lab_target = kTarget;
  lab_target.lab = "try";
  try {
    fetch_all_events(client, lab_target, {});
    ADD_FAILURE() << "no error";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Couldn't connect to server\n  hint: this is lab try's server: `netkeel lab status "
                                    "--name try` shows whether it runs"));
  }
  http::FakeHttpClient plain;
  plain.fail("refused");
  try {
    fetch_all_events(plain, kTarget, {});
    ADD_FAILURE() << "no error";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("hint")));
  }
}

TEST(EventPages, ABadQueryIsTheUsersToFix) {
  http::FakeHttpClient client;
  client.respond(400, R"({"error": "parameter since=soon: expected a duration"})");
  EXPECT_THROW(fetch_all_events(client, kTarget, {{"since", "soon"}}), UsageError);
}

}  // namespace
}  // namespace netkeel::cli
