// EtcdClient against scripted replies in the shapes etcd 3.4's JSON gateway sends (zero values
// omitted, int64s as strings, bytes as base64), member failover, the time budget, and hostile replies.
#include "netkeel/ha/etcd_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "fakes/core/fake_clock.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "netkeel/core/base64.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::ha {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kMemberA = "http://10.10.0.11:2379";
constexpr const char* kMemberB = "http://10.10.0.12:2379";
constexpr const char* kRefused = "POST x: no HTTP response: Failed to connect to 10.10.0.11 port 2379 after 0 ms: Connection refused";
constexpr const char* kTimedOut = "POST x: no HTTP response: Operation timed out after 150 milliseconds with 0 bytes received";

std::string b64(const std::string& s) { return base64_encode(s); }

json kv(const std::string& key, const std::string& value, int mod_revision) {
  return {{"key", b64(key)},
          {"create_revision", "2"},
          {"mod_revision", std::to_string(mod_revision)},
          {"version", "3"},
          {"value", b64(value)}};
}

json header(int revision) {
  return {{"cluster_id", "14841639068965178418"}, {"member_id", "10276657743932975437"},
          {"revision", std::to_string(revision)}, {"raft_term", "2"}};
}

// Wraps FakeHttpClient: the i-th request takes costs[i] of fake time (the last cost repeats), so the
// budget can run out.
class SlowHttpClient final : public http::HttpClient {
 public:
  SlowHttpClient(http::FakeHttpClient& inner, FakeClock& clock, std::vector<Nanoseconds> costs)
      : inner_(inner), clock_(clock), costs_(std::move(costs)) {}
  http::Response send(const http::Request& request) override {
    clock_.advance(costs_.at(std::min(sent_++, costs_.size() - 1)));
    return inner_.send(request);
  }

 private:
  http::FakeHttpClient& inner_;
  FakeClock& clock_;
  std::vector<Nanoseconds> costs_;
  std::size_t sent_ = 0;
};

class EtcdClientTest : public ::testing::Test {
 protected:
  EtcdClient client(std::vector<std::string> members = {kMemberA}) {
    return EtcdClient(http_, clock_, EtcdClientOptions{std::move(members)});
  }
  void reply(const json& body) { http_.respond(200, body.dump()); }
  json sent_body(std::size_t index) const { return json::parse(http_.requests().at(index).body); }
  std::string sent_url(std::size_t index) const { return http_.requests().at(index).url; }

  http::FakeHttpClient http_;
  FakeClock clock_;
};

TEST_F(EtcdClientTest, GetPostsARangeOfTheBase64KeyAndDecodesTheValue) {
  auto etcd = client();
  reply({{"header", header(9)}, {"kvs", {kv("/netkeel/vips/mysql", "ctl1 7", 7)}}, {"count", "1"}});
  const auto got = etcd.get("/netkeel/vips/mysql");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->key, "/netkeel/vips/mysql");
  EXPECT_EQ(got->value, "ctl1 7");
  EXPECT_EQ(got->mod_revision, 7);

  const auto request = http_.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, std::string(kMemberA) + "/v3/kv/range");
  EXPECT_EQ(request.timeout, 150ms);
  EXPECT_EQ(request.headers, (std::vector<std::pair<std::string, std::string>>{{"Content-Type", "application/json"}}));
  EXPECT_EQ(sent_body(0), json({{"key", b64("/netkeel/vips/mysql")}}));
}

TEST_F(EtcdClientTest, AnAbsentKeyHasNoKvsAndNoCount) {
  auto etcd = client();
  reply({{"header", header(9)}});
  EXPECT_EQ(etcd.get("/netkeel/vips/mysql"), std::nullopt);
}

TEST_F(EtcdClientTest, AnEmptyValueIsOmittedAndReadsAsEmpty) {
  auto etcd = client();
  json entry = kv("k", "", 4);
  entry.erase("value");
  reply({{"header", header(4)}, {"kvs", {entry}}, {"count", "1"}});
  const auto got = etcd.get("k");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->value, "");
}

TEST_F(EtcdClientTest, ListAsksForThePrefixRangeAndKeepsKeyOrder) {
  auto etcd = client();
  reply({{"header", header(20)}, {"kvs", {kv("/v/api", "a", 11), kv("/v/mysql", "m", 19)}}, {"count", "2"}});
  const auto listed = etcd.list("/v/");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, "/v/api");
  EXPECT_EQ(listed[1].mod_revision, 19);
  EXPECT_EQ(sent_body(0), json({{"key", b64("/v/")}, {"range_end", b64("/v0")}}));

  reply({{"header", header(20)}});
  EXPECT_TRUE(etcd.list("/nothing/").empty());

  reply({{"header", header(20)}});
  etcd.list("");  // every key: etcd refuses an empty key
  EXPECT_EQ(sent_body(2), json({{"key", b64(std::string(1, '\0'))}, {"range_end", b64(std::string(1, '\0'))}}));
}

TEST(PrefixRangeEnd, IncrementsTheLastByteThatCanBe) {
  EXPECT_EQ(prefix_range_end("/v/"), "/v0");
  EXPECT_EQ(prefix_range_end("a\xff"), "b");
  EXPECT_EQ(prefix_range_end("a\xfe\xff\xff"), "a\xff");
  EXPECT_EQ(prefix_range_end("\xff\xff"), std::string(1, '\0'));
  EXPECT_EQ(prefix_range_end(""), std::string(1, '\0'));
}

TEST_F(EtcdClientTest, CreateIfAbsentComparesTheCreateRevisionWithZero) {
  auto etcd = client();
  reply({{"header", header(12)}, {"succeeded", true}, {"responses", {{{"response_put", {{"header", header(12)}}}}}}});
  const WriteOutcome outcome = etcd.compare_and_set("/v/mysql", "ctl1", 0);
  EXPECT_TRUE(outcome.succeeded);
  EXPECT_EQ(outcome.revision, 12);
  EXPECT_EQ(outcome.current, std::nullopt);
  EXPECT_EQ(sent_url(0), std::string(kMemberA) + "/v3/kv/txn");
  const json expected = json::parse(R"({
    "compare": [{"key": ")" + b64("/v/mysql") + R"(", "target": "CREATE", "result": "EQUAL", "create_revision": "0"}],
    "success": [{"request_put": {"key": ")" + b64("/v/mysql") + R"(", "value": ")" + b64("ctl1") + R"("}}],
    "failure": [{"request_range": {"key": ")" + b64("/v/mysql") + R"("}}]
  })");
  EXPECT_EQ(sent_body(0), expected);
}

TEST_F(EtcdClientTest, CompareAndSetComparesTheModRevision) {
  auto etcd = client();
  reply({{"header", header(13)}, {"succeeded", true}, {"responses", {{{"response_put", {{"header", header(13)}}}}}}});
  EXPECT_EQ(etcd.compare_and_set("/v/mysql", "ctl1", 12).revision, 13);
  EXPECT_EQ(sent_body(0)["compare"], json::parse(R"([{"key": ")" + b64("/v/mysql") +
                                                 R"(", "target": "MOD", "result": "EQUAL", "mod_revision": "12"}])"));
}

TEST_F(EtcdClientTest, AFailedCompareHasNoSucceededFieldAndReturnsTheCurrentKey) {
  auto etcd = client();
  reply({{"header", header(14)},
         {"responses", {{{"response_range", {{"header", header(14)}, {"kvs", {kv("/v/mysql", "ctl2", 14)}}, {"count", "1"}}}}}}});
  const WriteOutcome outcome = etcd.compare_and_set("/v/mysql", "ctl1", 12);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(outcome.revision, 0);
  ASSERT_TRUE(outcome.current.has_value());
  EXPECT_EQ(outcome.current->value, "ctl2");
  EXPECT_EQ(outcome.current->mod_revision, 14);
}

TEST_F(EtcdClientTest, AFailedCompareOnAnAbsentKeyReturnsNoCurrentKey) {
  auto etcd = client();
  reply({{"header", header(14)}, {"responses", {{{"response_range", {{"header", header(14)}}}}}}});
  const WriteOutcome outcome = etcd.compare_and_delete("/v/mysql", 12);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(outcome.current, std::nullopt);
}

TEST_F(EtcdClientTest, CompareAndDeleteSendsADeleteInTheSuccessBranch) {
  auto etcd = client();
  reply({{"header", header(15)},
         {"succeeded", true},
         {"responses", {{{"response_delete_range", {{"header", header(15)}, {"deleted", "1"}}}}}}});
  const WriteOutcome outcome = etcd.compare_and_delete("/v/mysql", 14);
  EXPECT_TRUE(outcome.succeeded);
  EXPECT_EQ(outcome.revision, 15);
  EXPECT_EQ(sent_body(0)["success"], json::parse(R"([{"request_delete_range": {"key": ")" + b64("/v/mysql") + R"("}}])"));
  EXPECT_EQ(sent_body(0)["compare"][0]["mod_revision"], "14");
}

TEST_F(EtcdClientTest, AReadMovesToTheNextMemberAndRemembersTheOneThatAnswered) {
  auto etcd = client({kMemberA, kMemberB});
  http_.fail(kRefused);
  reply({{"header", header(3)}});
  EXPECT_EQ(etcd.get("k"), std::nullopt);
  EXPECT_EQ(sent_url(0), std::string(kMemberA) + "/v3/kv/range");
  EXPECT_EQ(sent_url(1), std::string(kMemberB) + "/v3/kv/range");
  EXPECT_EQ(etcd.preferred_member(), kMemberB);

  reply({{"header", header(3)}});
  etcd.get("k");
  EXPECT_EQ(sent_url(2), std::string(kMemberB) + "/v3/kv/range");
}

TEST_F(EtcdClientTest, AReadMovesOnAfterATimeoutOrAnErrorStatus) {
  auto etcd = client({kMemberA, kMemberB});
  http_.fail(kTimedOut);
  reply({{"header", header(3)}});
  EXPECT_EQ(etcd.get("k"), std::nullopt);
  http_.respond(503, R"({"error":"etcdserver: no leader","message":"etcdserver: no leader","code":14})");
  reply({{"header", header(3)}});
  EXPECT_EQ(etcd.get("k"), std::nullopt);  // B said 503, A answered
  EXPECT_EQ(sent_url(3), std::string(kMemberA) + "/v3/kv/range");
  EXPECT_EQ(etcd.preferred_member(), kMemberA);
}

TEST_F(EtcdClientTest, AWriteMovesOnOnlyWhenTheMemberNeverGotIt) {
  auto etcd = client({kMemberA, kMemberB});
  http_.fail(kRefused);
  reply({{"header", header(5)}, {"succeeded", true}});
  EXPECT_TRUE(etcd.compare_and_set("k", "v", 0).succeeded);
  EXPECT_EQ(sent_url(1), std::string(kMemberB) + "/v3/kv/txn");

  // B times out: the write may have happened, so it is not replayed on A, and the caller hears so.
  http_.fail(kTimedOut);
  try {
    etcd.compare_and_set("k", "v2", 5);
    FAIL() << "no exception";
  } catch (const KeyValueUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find(kMemberB), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("may or may not have happened"), std::string::npos) << e.what();
  }
  EXPECT_EQ(http_.request_count(), 3u);
  EXPECT_EQ(etcd.preferred_member(), kMemberA);  // the next operation tries the other member first
}

TEST_F(EtcdClientTest, AWriteRefusedByStatusIsNotReplayed) {
  auto etcd = client({kMemberA, kMemberB});
  http_.respond(503, R"({"error":"etcdserver: request timed out","code":14})");
  EXPECT_THROW(etcd.compare_and_delete("k", 3), KeyValueUnavailable);
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(EtcdClientTest, NoMemberAnsweringIsUnavailableNamingEveryMember) {
  auto etcd = client({kMemberA, kMemberB});
  http_.fail(kRefused);
  http_.fail(kRefused);
  try {
    etcd.get("k");
    FAIL() << "no exception";
  } catch (const KeyValueUnavailable& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(kMemberA), std::string::npos) << message;
    EXPECT_NE(message.find(kMemberB), std::string::npos) << message;
    EXPECT_NE(message.find("within 150 ms"), std::string::npos) << message;
  }
}

TEST_F(EtcdClientTest, OneBudgetCoversEveryMemberTried) {
  SlowHttpClient slow(http_, clock_, {40ms});
  EtcdClient etcd(slow, clock_, EtcdClientOptions{{kMemberA, kMemberB}, 150ms});
  http_.fail(kRefused);
  reply({{"header", header(3)}});
  etcd.get("k");
  EXPECT_EQ(http_.requests().at(0).timeout, 75ms);   // a read gives each of the 2 members half the budget
  EXPECT_EQ(http_.requests().at(1).timeout, 110ms);  // and the last one all the first left

  // A member that takes the whole budget leaves none for the next: unavailable, and the next
  // operation starts at the other member.
  SlowHttpClient stuck(http_, clock_, {150ms});
  EtcdClient etcd2(stuck, clock_, EtcdClientOptions{{kMemberA, kMemberB}, 150ms});
  http_.fail(kTimedOut);
  try {
    etcd2.get("k");
    FAIL() << "no exception";
  } catch (const KeyValueUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("no time left for the other members"), std::string::npos) << e.what();
  }
  EXPECT_EQ(http_.request_count(), 3u);
  EXPECT_EQ(etcd2.preferred_member(), kMemberB);
}

TEST_F(EtcdClientTest, AMemberLeftOnlyTheEndOfTheBudgetIsNotBlamedForIt) {
  // A hangs and takes 140 of the 150 ms; B, tried with the last 10 ms, times out too. B is not the
  // problem: the next operation starts at B, not back at A.
  SlowHttpClient slow(http_, clock_, {140ms});
  EtcdClient etcd(slow, clock_, EtcdClientOptions{{kMemberA, kMemberB}, 150ms});
  http_.fail(kTimedOut);
  http_.fail(kTimedOut);
  EXPECT_THROW(etcd.get("k"), KeyValueUnavailable);
  EXPECT_EQ(http_.requests().at(1).timeout, 10ms);
  EXPECT_EQ(etcd.preferred_member(), kMemberB);

  // Three members: A refused at once and B hung with nearly the whole budget: both are to blame; C,
  // tried with the last 9 ms, is not.
  SlowHttpClient quick(http_, clock_, {1ms, 140ms, 9ms});
  EtcdClient three(quick, clock_, EtcdClientOptions{{kMemberA, kMemberB, "http://10.10.0.13:2379"}, 150ms});
  http_.fail(kRefused);
  http_.fail(kTimedOut);
  http_.fail(kTimedOut);
  EXPECT_THROW(three.get("k"), KeyValueUnavailable);
  EXPECT_EQ(three.preferred_member(), "http://10.10.0.13:2379");
}

TEST_F(EtcdClientTest, RefusesAnEmptyMemberListAndANonPositiveTimeout) {
  EXPECT_THROW(EtcdClient(http_, clock_, EtcdClientOptions{}), UsageError);
  EXPECT_THROW(EtcdClient(http_, clock_, EtcdClientOptions{{kMemberA}, 0ms}), UsageError);
}

enum class Operation { get, list, set, remove };

struct HostileReply {
  const char* name;
  Operation operation;
  std::string body;
  const char* problem;  // a substring of the KeyValueUnavailable message
};

void PrintTo(const HostileReply& c, std::ostream* os) { *os << c.name; }

class HostileReplyTest : public EtcdClientTest, public ::testing::WithParamInterface<HostileReply> {};

std::string kvs_body(const json& entry) { return json({{"header", header(5)}, {"kvs", {entry}}}).dump(); }

json with(json object, const std::string& field, json value) {
  object[field] = std::move(value);
  return object;
}

const std::vector<HostileReply> kHostileReplies = {
    {"not_json", Operation::get, "<html>bad gateway</html>", "not a JSON object"},
    {"json_array", Operation::get, "[]", "not a JSON object"},
    {"truncated_json", Operation::get, R"({"header":{"revision":"5"},"kvs":[)", "not a JSON object"},
    {"kvs_not_array", Operation::get, R"({"kvs":{}})", "'kvs' is not an array"},
    {"kv_not_object", Operation::get, R"({"kvs":["x"]})", "not an object"},
    {"key_not_string", Operation::get, kvs_body(with(kv("k", "v", 5), "key", 7)), "'key' is not a base64 string"},
    {"key_bad_base64", Operation::get, kvs_body(with(kv("k", "v", 5), "key", "a$==")), "'key' is not valid base64"},
    {"value_bad_base64", Operation::get, kvs_body(with(kv("k", "v", 5), "value", "abc")), "'value' is not valid base64"},
    {"revision_not_a_number", Operation::get, kvs_body(with(kv("k", "v", 5), "mod_revision", "5x")), "not an int64"},
    {"revision_too_big", Operation::get, kvs_body(with(kv("k", "v", 5), "mod_revision", "99999999999999999999")),
     "not an int64"},
    {"revision_a_float", Operation::get, kvs_body(with(kv("k", "v", 5), "mod_revision", 5.5)), "not an integer"},
    {"revision_missing", Operation::get, kvs_body(with(kv("k", "v", 5), "mod_revision", nullptr)), "no positive mod_revision"},
    {"other_key", Operation::get, kvs_body(kv("other", "v", 5)), "which was not asked for"},
    {"two_keys_for_one", Operation::get, json({{"kvs", {kv("k", "v", 5), kv("k", "w", 6)}}}).dump(), "not in key order"},
    {"header_not_object", Operation::set, R"({"header":"x","succeeded":true})", "'header' is not an object"},
    {"list_outside_prefix", Operation::list, json({{"kvs", {kv("/v/a", "v", 5), kv("/w", "v", 6)}}}).dump(),
     "which was not asked for"},
    {"list_out_of_order", Operation::list, json({{"kvs", {kv("/v/b", "v", 5), kv("/v/a", "v", 6)}}}).dump(),
     "not in key order"},
    {"succeeded_not_bool", Operation::set, R"({"header":{"revision":"5"},"succeeded":"yes"})", "not true or false"},
    {"success_without_revision", Operation::set, R"({"succeeded":true})", "no positive header revision"},
    {"failure_without_responses", Operation::set, R"({"header":{"revision":"5"}})", "exactly one response"},
    {"failure_with_two_responses", Operation::remove, R"({"responses":[{"response_range":{}},{"response_range":{}}]})",
     "exactly one response"},
    {"failure_without_range", Operation::remove, R"({"responses":[{"response_put":{}}]})", "'response_range' is missing"},
    {"failure_range_of_other_key", Operation::set,
     json({{"responses", {{{"response_range", {{"kvs", {kv("other", "v", 5)}}}}}}}}).dump(), "which was not asked for"},
    {"deeply_nested", Operation::get, std::string(100000, '[') + std::string(100000, ']'), "not a JSON object"},
    {"deeply_nested_unclosed", Operation::get, std::string(100000, '['), "not a JSON object"},
    {"huge_body", Operation::get, std::string(4 * 1024 * 1024 + 1, ' '), "over the 4194304-byte limit"},
};

TEST_P(HostileReplyTest, IsUnavailableNamingTheMemberAndTheProblem) {
  const HostileReply& c = GetParam();
  auto etcd = client();
  http_.respond(200, c.body);
  try {
    switch (c.operation) {
      case Operation::get: etcd.get("k"); break;
      case Operation::list: etcd.list("/v/"); break;
      case Operation::set: etcd.compare_and_set("k", "v", 4); break;
      case Operation::remove: etcd.compare_and_delete("k", 4); break;
    }
    FAIL() << "accepted";
  } catch (const KeyValueUnavailable& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(kMemberA), std::string::npos) << message;
    EXPECT_NE(message.find(c.problem), std::string::npos) << message;
    EXPECT_LT(message.size(), 600u) << "a hostile body must not be copied into the message whole";
  }
}

INSTANTIATE_TEST_SUITE_P(Table, HostileReplyTest, ::testing::ValuesIn(kHostileReplies),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(EtcdClientTest, IntegersMayAlsoComeAsJsonNumbers) {
  auto etcd = client();
  json entry = kv("k", "v", 0);
  entry["mod_revision"] = 8;
  reply({{"header", {{"revision", 8}}}, {"kvs", {entry}}});
  EXPECT_EQ(etcd.get("k")->mod_revision, 8);
}

}  // namespace
}  // namespace netkeel::ha
