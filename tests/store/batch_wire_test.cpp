#include "netkeel/store/batch_wire.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::store {
namespace {

using ::testing::HasSubstr;

Batch sample_batch() {
  Batch batch;
  batch.id = {"node1", 42};
  batch.series.push_back(make_series("netkeel_probe_sent_total",
                                     {{"src", "a"}, {"dst", "b"}, {"network", "mgmt"}, {"kind", "icmp"}}));
  batch.series.push_back(make_series("netkeel_nic_rx_bytes_total", {{"host", "node1"}, {"nic", "eno1"}}));
  batch.samples = {{0, 1764150000000, 12.0}, {0, 1764150001000, 13.5}, {1, 1764150000000, 1e300}};
  batch.events = {{1764150000000, "node1", "link_down", "eno1 carrier lost"}};
  return batch;
}

void expect_same_batch(const Batch& a, const Batch& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.series, b.series);
  EXPECT_EQ(a.events, b.events);
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    EXPECT_EQ(a.samples[i].series, b.samples[i].series) << i;
    EXPECT_EQ(a.samples[i].timestamp_ms, b.samples[i].timestamp_ms) << i;
    if (std::isnan(a.samples[i].value)) {
      EXPECT_TRUE(std::isnan(b.samples[i].value)) << i;
    } else {  // bit-exact: keeps -0.0 apart from 0.0
      EXPECT_EQ(std::bit_cast<std::uint64_t>(a.samples[i].value), std::bit_cast<std::uint64_t>(b.samples[i].value))
          << i << ": " << a.samples[i].value << " vs " << b.samples[i].value;
    }
  }
}

TEST(BatchWire, RoundTripsAnOrdinaryBatch) {
  const Batch batch = sample_batch();
  expect_same_batch(batch, decode_batch_json(encode_batch_json(batch)));
}

TEST(BatchWire, RoundTripsSpecialValuesExactly) {
  Batch batch = sample_batch();
  const double values[] = {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           -0.0,
                           0.0,
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::max(),
                           -std::numeric_limits<double>::max(),
                           0.1,
                           1.0 / 3.0,
                           123456789012345678.0,
                           -42.0};
  batch.samples.clear();
  for (std::size_t i = 0; i < std::size(values); ++i) {
    batch.samples.push_back({0, static_cast<TimestampMs>(1764150000000 + i), values[i]});
  }
  batch.samples.push_back({1, std::numeric_limits<TimestampMs>::min(), 1});
  batch.samples.push_back({1, std::numeric_limits<TimestampMs>::max(), 2});
  batch.id.sequence = std::numeric_limits<std::uint64_t>::max();
  expect_same_batch(batch, decode_batch_json(encode_batch_json(batch)));
}

TEST(BatchWire, EncodesTheDocumentedForm) {
  Batch batch;
  batch.id = {"node1", 42};
  batch.series.push_back(make_series("m", {{"src", "a"}}));
  batch.samples = {{0, 1000, 12.0}, {0, 2000, std::numeric_limits<double>::quiet_NaN()},
                   {0, 3000, -std::numeric_limits<double>::infinity()}};
  EXPECT_EQ(encode_batch_json(batch),
            R"({"version":1,"id":{"host":"node1","sequence":42},"series":[{"metric":"m","labels":{"src":"a"}}],)"
            R"("samples":[[0,1000,12.0],[0,2000,null],[0,3000,"-Inf"]],"events":[]})");
}

TEST(BatchWire, EscapesStringsAndReplacesInvalidUtf8) {
  Batch batch = sample_batch();
  batch.events = {{1, "node1", "note", "quote \" backslash \\ newline \n tab \t bell \x07 caf\xC3\xA9 \xE2\x82\xAC"}};
  expect_same_batch(batch, decode_batch_json(encode_batch_json(batch)));

  batch.events = {{1, "node1", "note", "bad \xFF byte, cut \xE2\x82"}};
  const Batch decoded = decode_batch_json(encode_batch_json(batch));
  EXPECT_EQ(decoded.events[0].text, "bad \xEF\xBF\xBD byte, cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(BatchWire, AcceptsMissingOptionalParts) {
  const Batch batch = decode_batch_json(R"({"version":1,"id":{"host":"n","sequence":0}})");
  EXPECT_EQ(batch.id, (BatchId{"n", 0}));
  EXPECT_TRUE(batch.series.empty());
  const Batch with_integers = decode_batch_json(
      R"({"version":1,"id":{"host":"n","sequence":1},"series":[{"metric":"m"}],"samples":[[0,5,-3],[0,6,7]],)"
      R"("events":[{"t_ms":-1,"host":"n","kind":"k"}]})");
  EXPECT_EQ(with_integers.samples[0].value, -3.0);
  EXPECT_EQ(with_integers.samples[1].value, 7.0);
  EXPECT_EQ(with_integers.events[0].text, "");
}

struct BadBody {
  const char* body;
  const char* expected;  // a piece of the message: the JSON place and what is wrong
};

class BatchWireRejects : public ::testing::TestWithParam<BadBody> {};

TEST_P(BatchWireRejects, NamingThePlace) {
  try {
    decode_batch_json(GetParam().body);
    FAIL() << "accepted: " << GetParam().body;
  } catch (const InvalidBatch& e) {
    EXPECT_THAT(e.what(), HasSubstr(GetParam().expected)) << GetParam().body;
  }
}

#define ID R"("version":1,"id":{"host":"n","sequence":1})"
#define ONE_SERIES R"("series":[{"metric":"m","labels":{"a":"x"}}])"

INSTANTIATE_TEST_SUITE_P(
    Malformed, BatchWireRejects,
    ::testing::Values(
        BadBody{"", "not valid JSON"}, BadBody{"{", "not valid JSON"},
        BadBody{R"({"version":1,})", "line 1, column 14"}, BadBody{"[1,2]", "the body: expected an object, got array"},
        BadBody{"null", "expected an object"},
        BadBody{"9e9999999999", "number overflow parsing '9e9999999999'"},
        BadBody{"{" ID R"(,"samples":[[0,1,1e400]]})", "not valid JSON: number overflow"},
        BadBody{"{\"version\":1,\"id\":{\"host\":\"n\xFF\",\"sequence\":1}}", "not valid JSON"},
        BadBody{R"({"version":1,"id":{"host":"n","sequence":1},"extra":true})",
                "extra: unknown key 'extra': the keys here are version, id, series, samples, events"},
        BadBody{R"({"id":{"host":"n","sequence":1}})", "the body: missing key 'version'"},
        BadBody{R"({"version":2,"id":{"host":"n","sequence":1}})", "version: unsupported wire version 2"},
        BadBody{R"({"version":"1","id":{"host":"n","sequence":1}})", "version: unsupported wire version \"1\""},
        BadBody{R"({"version":1})", "missing key 'id'"},
        BadBody{R"({"version":1,"id":[]})", "id: expected an object, got array"},
        BadBody{R"({"version":1,"id":{"host":"n"}})", "id: missing key 'sequence'"},
        BadBody{R"({"version":1,"id":{"host":"n","sequence":-1}})", "id.sequence: expected a non-negative integer"},
        BadBody{R"({"version":1,"id":{"host":"n","sequence":1.5}})", "id.sequence: expected a non-negative integer"},
        BadBody{R"({"version":1,"id":{"host":7,"sequence":1}})", "id.host: expected a string, got number"},
        BadBody{R"({"version":1,"id":{"host":"n","sequence":1,"x":0}})", "id.x: unknown key 'x'"},
        BadBody{R"({"version":1,"id":{"host":"","sequence":1}})", "agent host is empty"},
        BadBody{"{" ID R"(,"series":{}})", "series: expected an array, got object"},
        BadBody{"{" ID R"(,"series":[7]})", "series[0]: expected an object, got number"},
        BadBody{"{" ID R"(,"series":[{"labels":{}}]})", "series[0]: missing key 'metric'"},
        BadBody{"{" ID R"(,"series":[{"metric":"9bad"}]})", "series[0]: metric name '9bad' is invalid"},
        BadBody{"{" ID R"(,"series":[{"metric":"m","labels":[]}]})", "series[0].labels: expected an object"},
        BadBody{"{" ID R"(,"series":[{"metric":"m","labels":{"a":1}}]})", "series[0].labels.a: expected a string"},
        BadBody{"{" ID R"(,"series":[{"metric":"m","labels":{"a-b":"x"}}]})", "series[0]: series m: label name 'a-b'"},
        BadBody{"{" ID R"(,"series":[{"metric":"m","help":"x"}]})", "series[0].help: unknown key 'help'"},
        BadBody{"{" ID R"(,"series":[{"metric":"m"},{"metric":"m"}]})", "is listed twice"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":{}})", "samples: expected an array"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[0,1,2],[0,1]]})", "samples[1]: expected [series index, t_ms, value], got an array of 2"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[5]})", "samples[0]: expected [series index, t_ms, value], got number"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[1,1,2]]})", "samples[0][0]: series index 1 is out of range: the batch lists 1 series"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[-1,1,2]]})", "samples[0][0]: expected a non-negative integer"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[4294967296,1,2]]})", "samples[0][0]: series index 4294967296 is out of range"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[0,1.5,2]]})", "samples[0][1]: expected an integer"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[0,"1",2]]})", "samples[0][1]: expected an integer"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[0,9223372036854775808,2]]})", "samples[0][1]: integer 9223372036854775808 is too large"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[0,1,2],[0,1,2],[0,1,"x"]]})", R"(samples[2][2]: expected a number, null, "+Inf" or "-Inf", got the string "x")"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[0,1,true]]})", "samples[0][2]: expected a number, null"},
        BadBody{"{" ID "," ONE_SERIES R"(,"samples":[[0,1,[1]]]})", "samples[0][2]: expected a number, null"},
        BadBody{"{" ID R"(,"events":[{"t_ms":1,"host":"n"}]})", "events[0]: missing key 'kind'"},
        BadBody{"{" ID R"(,"events":[{"t_ms":1,"host":"n","kind":""}]})", "event 0 has no host or no kind"},
        BadBody{"{" ID R"(,"events":[{"t_ms":"x","host":"n","kind":"k"}]})", "events[0].t_ms: expected an integer"},
        BadBody{"{" ID R"(,"events":[{"t_ms":1,"host":"n","kind":"k","text":3}]})", "events[0].text: expected a string"},
        BadBody{"{" ID R"(,"events":[{"t_ms":1,"host":"n","kind":"k","level":3}]})", "events[0].level: unknown key 'level'"},
        BadBody{"{" ID R"(,"events":"none"})", "events: expected an array, got string"}));

// The crash of issue 20: a "version" nested 70,000 deep was dump()ed into the error message, and
// dump() recursed once per level until the stack ran out. The depth is now refused before parsing.
TEST(BatchWire, DeeplyNestedVersionIsRefusedNamingTheNestingLimit) {
  for (const int depth : {70000, 100000}) {
    const std::string deep = "{\"version\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
    try {
      decode_batch_json(deep);
      FAIL() << "accepted " << depth << " levels";
    } catch (const BatchOverLimit& e) {
      EXPECT_EQ(e.limit(), BatchOverLimit::Limit::nesting);
      EXPECT_THAT(e.what(), HasSubstr("more than " + std::to_string(kMaxBatchNesting) + " levels deep"));
      EXPECT_LT(std::string(e.what()).size(), 400U);
    }
  }
}

TEST(BatchWire, NestingIsCountedOutsideStringsOnlyAndUpToTheLimit) {
  // Brackets in strings (escaped quotes included) are text, not nesting.
  Batch batch = sample_batch();
  batch.events = {{1764150000000, "node1", "note", std::string(2000, '[') + "\"{{{" + std::string(2000, '{')}};
  expect_same_batch(batch, decode_batch_json(encode_batch_json(batch)));

  // Exactly at the limit the body parses (and fails later for what it is); one more level is refused.
  const auto nested = [](int levels) {
    return R"({"version":1,"id":{"host":"n","sequence":1},"x":)" + std::string(levels - 1, '[') +
           std::string(levels - 1, ']') + "}";
  };
  EXPECT_THROW(
      {
        try {
          decode_batch_json(nested(kMaxBatchNesting));
        } catch (const BatchOverLimit&) {
          FAIL() << "refused at the limit";
        }
      },
      InvalidBatch);
  EXPECT_THROW(decode_batch_json(nested(kMaxBatchNesting + 1)), BatchOverLimit);
}

TEST(BatchWire, ErrorMessagesQuoteAnExcerptOfWhatTheClientSent) {
  const std::string huge(100000, 'k');
  const std::string bodies[] = {
      R"({"version":")" + huge + R"(","id":{"host":"n","sequence":1}})",
      R"({"version":1,"id":{"host":"n","sequence":1},")" + huge + R"(":1})",
      "{" ID "," ONE_SERIES R"(,"samples":[[0,1,")" + huge + R"("]]})",
      R"({"version":[[[1]]],"id":{"host":"n","sequence":1}})",
  };
  for (const std::string& body : bodies) {
    try {
      decode_batch_json(body);
      FAIL() << "accepted";
    } catch (const InvalidBatch& e) {
      EXPECT_LT(std::string(e.what()).size(), 400U) << std::string(e.what()).substr(0, 200);
    }
  }
  EXPECT_THROW(
      {
        try {
          decode_batch_json(bodies[0]);
        } catch (const InvalidBatch& e) {
          EXPECT_THAT(e.what(), HasSubstr("unsupported wire version \"kkkk"));
          EXPECT_THAT(e.what(), HasSubstr("... (100000 bytes)"));
          throw;
        }
      },
      InvalidBatch);
}

struct OverLimitBody {
  std::string body;
  std::string expected;
};

std::string series_with_labels(const std::string& labels) {
  return "{" ID R"(,"series":[{"metric":"m","labels":{)" + labels + "}}]}";
}

TEST(BatchWire, OverLongNamesValuesAndTooManyLabelsAreRefusedNamingTheLabelAndTheLimit) {
  const std::string value_at_limit(kMaxLabelValueBytes, 'v');
  EXPECT_EQ(decode_batch_json(series_with_labels(R"("a":")" + value_at_limit + "\"")).series[0].labels[0].value,
            value_at_limit);

  std::string many;
  for (std::size_t i = 0; i <= kMaxLabelsPerSeries; ++i) many += (i ? "," : "") + ("\"l" + std::to_string(i) + "\":\"x\"");
  const OverLimitBody cases[] = {
      {series_with_labels(R"("dst":")" + std::string(30000, 'v') + "\""),
       "series[0].labels.dst: label value \"vvvv"},
      {series_with_labels(R"("dst":")" + std::string(kMaxLabelValueBytes + 1, 'v') + "\""),
       "is 1025 bytes, over the limit of 1024 bytes"},
      {series_with_labels("\"" + std::string(30000, 'n') + R"(":"x")"), "series[0].labels: label name \"nnnn"},
      {series_with_labels("\"" + std::string(kMaxLabelNameBytes + 1, 'n') + R"(":"x")"),
       "is 129 bytes, over the limit of 128 bytes"},
      {series_with_labels(many), "series[0].labels: 33 labels, over the limit of 32 per series"},
      {"{" ID R"(,"series":[{"metric":")" + std::string(kMaxMetricNameBytes + 1, 'm') + R"("}]})",
       "series[0].metric: metric name"},
      {R"({"version":1,"id":{"host":")" + std::string(kMaxHostBytes + 1, 'h') + R"(","sequence":1}})",
       "id.host: host name"},
      {"{" ID R"(,"events":[{"t_ms":1,"host":"n","kind":"k","text":")" + std::string(kMaxEventTextBytes + 1, 't') +
           R"("}]})",
       "events[0].text: event text"},
      {"{" ID R"(,"events":[{"t_ms":1,"host":"n","kind":")" + std::string(kMaxEventKindBytes + 1, 'k') + R"("}]})",
       "events[0].kind: event kind"},
  };
  for (const OverLimitBody& c : cases) {
    try {
      decode_batch_json(c.body);
      FAIL() << "accepted: " << c.expected;
    } catch (const BatchOverLimit& e) {
      EXPECT_EQ(e.limit(), BatchOverLimit::Limit::length) << e.what();
      EXPECT_THAT(e.what(), HasSubstr(c.expected));
      EXPECT_LT(std::string(e.what()).size(), 400U) << c.expected;
    }
  }
}

TEST(BatchWire, SurvivesDeepNesting) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THROW(decode_batch_json(deep), InvalidBatch);
  const std::string deep_inside = R"({"version":1,"id":{"host":"n","sequence":1},"series":)" +
                                  std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_THROW(decode_batch_json(deep_inside), InvalidBatch);
}

}  // namespace
}  // namespace netkeel::store
