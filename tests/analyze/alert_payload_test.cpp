// The JSON netkeel sends, byte for byte: Alertmanager's postable alerts and the webhook payload (v4).
#include <gtest/gtest.h>

#include "analyze/alert_examples.hpp"
#include "netkeel/analyze/alertmanager_payload.hpp"
#include "netkeel/analyze/outgoing_alert.hpp"
#include "netkeel/analyze/webhook_payload.hpp"

namespace netkeel::analyze {
namespace {

using test::example_links;
using test::kNewYearMs;

TEST(AlertmanagerLabels, RecordFieldsThenEngineLabels) {
  Alert alert = test::sustained_loss();
  alert.labels["alertname"] = "Spoofed";   // the record's name wins
  alert.labels["9 bad-name"] = "kept";     // made a valid label name
  alert.labels["empty"] = "";              // absent, as in Prometheus
  const LabelSet labels = alertmanager_labels(alert);
  EXPECT_EQ(labels, (LabelSet{{"alertname", "NetkeelSustainedLoss"},
                              {"severity", "critical"},
                              {"network", "storage"},
                              {"culprit_kind", "nic"},
                              {"culprit", "ctl1:eno1"},
                              {"pair", "ctl1->cmp2"},
                              {"_9_bad_name", "kept"}}));
  EXPECT_FALSE(alertmanager_labels(test::host_down()).contains("network"));  // not about one network
}

TEST(AlertmanagerPayload, Golden) {
  const OutgoingAlert firing = to_outgoing_alert(test::sustained_loss(), example_links(), kNewYearMs + 300'000);
  EXPECT_EQ(alertmanager_post_body({firing}),
            R"([{"annotations":{"description":"pairs ctl1->cmp2, ctl1->cmp3 lose 4.0% over 30s",)"
            R"("runbook_url":"https://docs.example/netkeel/alerts.md#netkeelsustainedloss",)"
            R"("summary":"storage: 4.0% loss from ctl1:eno1"},)"
            R"("endsAt":"2026-01-01T00:05:00.000Z","generatorURL":"http://netkeel.example:9948/api/v1/alerts",)"
            R"("labels":{"alertname":"NetkeelSustainedLoss","culprit":"ctl1:eno1","culprit_kind":"nic",)"
            R"("network":"storage","pair":"ctl1->cmp2","severity":"critical"},)"
            R"("startsAt":"2026-01-01T00:00:05.000Z"}])");
  EXPECT_EQ(fingerprint_text(firing.fingerprint), fingerprint_text(label_fingerprint(firing.labels)));
}

TEST(AlertmanagerPayload, ResolvedEndsWhenTheRecordSays) {
  Alert alert = test::host_down();
  alert.state = AlertState::resolved;
  alert.ended_unix_ms = kNewYearMs + 61'000;
  const OutgoingAlert resolved = to_outgoing_alert(alert, {"http://n:9948", ""}, kNewYearMs + 999'999);
  EXPECT_TRUE(resolved.resolved);
  EXPECT_EQ(resolved.ends_at_ms, kNewYearMs + 61'000);
  EXPECT_FALSE(resolved.annotations.contains("runbook_url"));  // no runbook base configured
  EXPECT_EQ(resolved.generator_url, "http://n:9948/api/v1/alerts");
}

TEST(WebhookPayload, GoldenAsAlertmanagerWritesIt) {
  const OutgoingAlert first = to_outgoing_alert(test::sustained_loss("ctl1:eno1"), example_links(), kNewYearMs + 300'000);
  Alert second_alert = test::sustained_loss("ctl2:eno1");
  second_alert.state = AlertState::resolved;
  second_alert.ended_unix_ms = kNewYearMs + 90'000;
  const OutgoingAlert second = to_outgoing_alert(second_alert, example_links(), 0);
  const auto groups = webhook_groups({first, second, to_outgoing_alert(test::host_down(), example_links(), 0)});
  ASSERT_EQ(groups.size(), 2u);  // NetkeelHostDown, then NetkeelSustainedLoss/storage
  EXPECT_EQ(groups[0].group_labels, (LabelSet{{"alertname", "NetkeelHostDown"}}));
  ASSERT_EQ(groups[1].alerts.size(), 2u);
  EXPECT_EQ(webhook_payload(groups[1], "http://netkeel.example:9948").dump(),
            R"({"alerts":[{"annotations":{"description":"pairs ctl1->cmp2, ctl1->cmp3 lose 4.0% over 30s",)"
            R"("runbook_url":"https://docs.example/netkeel/alerts.md#netkeelsustainedloss",)"
            R"("summary":"storage: 4.0% loss from ctl1:eno1"},"endsAt":"0001-01-01T00:00:00Z",)"
            R"("fingerprint":")" + fingerprint_text(first.fingerprint) + R"(",)"
            R"("generatorURL":"http://netkeel.example:9948/api/v1/alerts",)"
            R"("labels":{"alertname":"NetkeelSustainedLoss","culprit":"ctl1:eno1","culprit_kind":"nic",)"
            R"("network":"storage","pair":"ctl1->cmp2","severity":"critical"},)"
            R"("startsAt":"2026-01-01T00:00:05.000Z","status":"firing"},)"
            R"({"annotations":{"description":"pairs ctl1->cmp2, ctl1->cmp3 lose 4.0% over 30s",)"
            R"("runbook_url":"https://docs.example/netkeel/alerts.md#netkeelsustainedloss",)"
            R"("summary":"storage: 4.0% loss from ctl2:eno1"},"endsAt":"2026-01-01T00:01:30.000Z",)"
            R"("fingerprint":")" + fingerprint_text(second.fingerprint) + R"(",)"
            R"("generatorURL":"http://netkeel.example:9948/api/v1/alerts",)"
            R"("labels":{"alertname":"NetkeelSustainedLoss","culprit":"ctl2:eno1","culprit_kind":"nic",)"
            R"("network":"storage","pair":"ctl1->cmp2","severity":"critical"},)"
            R"("startsAt":"2026-01-01T00:00:05.000Z","status":"resolved"}],)"
            R"("commonAnnotations":{"description":"pairs ctl1->cmp2, ctl1->cmp3 lose 4.0% over 30s",)"
            R"("runbook_url":"https://docs.example/netkeel/alerts.md#netkeelsustainedloss"},)"
            R"("commonLabels":{"alertname":"NetkeelSustainedLoss","culprit_kind":"nic","network":"storage",)"
            R"("pair":"ctl1->cmp2","severity":"critical"},)"
            R"("externalURL":"http://netkeel.example:9948",)"
            R"("groupKey":"{}:{alertname=\"NetkeelSustainedLoss\", network=\"storage\"}",)"
            R"("groupLabels":{"alertname":"NetkeelSustainedLoss","network":"storage"},)"
            R"("receiver":"netkeel","status":"firing","truncatedAlerts":0,"version":"4"})");
}

TEST(WebhookPayload, ResolvedWhenNoAlertFires) {
  Alert alert = test::host_down();
  alert.state = AlertState::resolved;
  alert.ended_unix_ms = kNewYearMs + 1;
  const auto groups = webhook_groups({to_outgoing_alert(alert, example_links(), 0)});
  EXPECT_EQ(webhook_payload(groups.at(0), "http://n")["status"], "resolved");
}

TEST(WebhookGroupKey, QuotesValuesAsGo) {
  EXPECT_EQ(webhook_group_key({{"alertname", "A"}, {"network", "we\"ird\\"}}),
            R"({}:{alertname="A", network="we\"ird\\"})");
}

}  // namespace
}  // namespace netkeel::analyze
