#include <gtest/gtest.h>

#include "netkeel/analyze/alert_json.hpp"

namespace netkeel::analyze {
namespace {

Alert sample_alert() {
  Alert alert;
  alert.name = "NetkeelPartition";
  alert.state = AlertState::resolved;
  alert.severity = Severity::critical;
  alert.network = "storage";
  alert.since_unix_ms = 1'796'000'000'123;
  alert.ended_unix_ms = 1'796'000'060'000;
  alert.summary = "storage: {ctl1, ctl2} cannot reach {cmp1, cmp2}";
  alert.description = "detail";
  alert.culprit = {"network", "storage"};
  alert.labels = {{"zone", "a"}};
  return alert;
}

TEST(AlertJson, HasExactlyTheDocumentedFieldsWithRfc3339Times) {
  const auto json = alert_to_json(sample_alert());
  EXPECT_EQ(json.dump(),
            R"({"culprit":{"kind":"network","name":"storage"},"description":"detail","ended":"2026-11-30T00:54:20.000Z",)"
            R"("labels":{"zone":"a"},"name":"NetkeelPartition","network":"storage","severity":"critical",)"
            R"("since":"2026-11-30T00:53:20.123Z","state":"resolved","summary":"storage: {ctl1, ctl2} cannot reach {cmp1, cmp2}"})");
  Alert firing = sample_alert();
  firing.state = AlertState::firing;
  firing.ended_unix_ms.reset();
  EXPECT_TRUE(alert_to_json(firing)["ended"].is_null());
}

TEST(AlertJson, RoundTrips) {
  const Alert alert = sample_alert();
  EXPECT_EQ(alert_to_json(alert_from_json(alert_to_json(alert))), alert_to_json(alert));
  const auto list = alerts_from_json(alerts_to_json({alert, alert}));
  EXPECT_EQ(list.size(), 2u);
}

TEST(AlertJson, BadInputNamesTheField) {
  auto json = alert_to_json(sample_alert());
  json["since"] = "yesterday";
  try {
    alert_from_json(json, "alerts[3]");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "alerts[3].since: 'yesterday' is not an RFC 3339 UTC time such as 2026-12-07T11:41:00.123Z");
  }
  json = alert_to_json(sample_alert());
  json["state"] = "pending";
  EXPECT_THROW(alert_from_json(json), std::invalid_argument);
  json = alert_to_json(sample_alert());
  json.erase("culprit");
  EXPECT_THROW(alert_from_json(json), std::invalid_argument);
  EXPECT_THROW(alerts_from_json(nlohmann::json::array()), std::invalid_argument);
}

TEST(AlertJson, ParsesRfc3339) {
  EXPECT_EQ(parse_rfc3339_ms("1970-01-01T00:00:01Z"), 1000);
  EXPECT_EQ(parse_rfc3339_ms("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(parse_rfc3339_ms(rfc3339_ms(1'796'000'000'123)), 1'796'000'000'123);
  EXPECT_FALSE(parse_rfc3339_ms("1970-01-01T00:00:01+02:00"));
  EXPECT_FALSE(parse_rfc3339_ms("1970-13-01T00:00:01Z"));
  EXPECT_FALSE(parse_rfc3339_ms("1970-01-01T00:00:01.Z"));
}

}  // namespace
}  // namespace netkeel::analyze
