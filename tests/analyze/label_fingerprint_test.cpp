#include "netkeel/analyze/label_fingerprint.hpp"

#include <gtest/gtest.h>

namespace netkeel::analyze {
namespace {

// Expected values from prometheus/common's model tests (signature_test.go), which Alertmanager's
// fingerprints are: labelSetToFingerprint.
TEST(LabelFingerprint, MatchesPrometheusModel) {
  EXPECT_EQ(label_fingerprint({}), 14695981039346656037ULL);
  EXPECT_EQ(label_fingerprint({{"name", "garland, briggs"}, {"fear", "love is not enough"}}), 5799056148416392346ULL);
  EXPECT_EQ(label_fingerprint({{"first-label", "first-label-value"}}), 5146282821936882169ULL);
  EXPECT_EQ(label_fingerprint({{"first-label", "first-label-value"}, {"second-label", "second-label-value"}}),
            3195800080984914717ULL);
  EXPECT_EQ(label_fingerprint({{"first-label", "first-label-value"},
                               {"second-label", "second-label-value"},
                               {"third-label", "third-label-value"}}),
            13843036195897128121ULL);
}

// Taken from a real Alertmanager 0.25 (GET /api/v2/alerts after posting this label set).
TEST(LabelFingerprint, MatchesWhatAlertmanagerShowed) {
  EXPECT_EQ(fingerprint_text(label_fingerprint({{"alertname", "NetkeelHostDown"},
                                                {"culprit", "cmp3"},
                                                {"culprit_kind", "host"},
                                                {"severity", "critical"}})),
            "a6fe39229295206c");
}

TEST(LabelFingerprint, SeparatesNameFromValue) {
  EXPECT_NE(label_fingerprint({{"a", "bc"}}), label_fingerprint({{"ab", "c"}}));
  EXPECT_NE(label_fingerprint({{"a", ""}}), label_fingerprint({}));
}

TEST(LabelFingerprint, TextIsSixteenHexDigits) {
  EXPECT_EQ(fingerprint_text(5799056148416392346ULL), "507a62d79ee76c9a");
  EXPECT_EQ(fingerprint_text(1), "0000000000000001");
}

}  // namespace
}  // namespace netkeel::analyze
