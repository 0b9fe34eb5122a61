#include "netkeel/analyze/pending_alerts.hpp"

#include <gtest/gtest.h>

namespace netkeel::analyze {
namespace {

OutgoingAlert alert(std::uint64_t fingerprint, std::int64_t version = 0) {
  OutgoingAlert out;
  out.fingerprint = fingerprint;
  out.ends_at_ms = version;
  return out;
}

std::vector<std::uint64_t> fingerprints(const std::vector<OutgoingAlert>& alerts) {
  std::vector<std::uint64_t> out;
  for (const auto& a : alerts) out.push_back(a.fingerprint);
  return out;
}

TEST(PendingAlerts, ANewerVersionReplacesTheWaitingOne) {
  PendingAlerts pending(10);
  EXPECT_EQ(pending.add({alert(1, 1), alert(2, 1)}), 0u);
  EXPECT_EQ(pending.add({alert(1, 2)}), 0u);
  const auto taken = pending.take_all();
  EXPECT_EQ(fingerprints(taken), (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(taken[1].ends_at_ms, 2);
  EXPECT_EQ(pending.size(), 0u);
}

TEST(PendingAlerts, BoundedDroppingTheOldest) {
  PendingAlerts pending(3);
  EXPECT_EQ(pending.add({alert(1), alert(2), alert(3), alert(4), alert(5)}), 2u);
  EXPECT_EQ(pending.size(), 3u);
  EXPECT_EQ(fingerprints(pending.take_all()), (std::vector<std::uint64_t>{3, 4, 5}));
}

TEST(PendingAlerts, PutBackGoesInFrontAndNeverOverANewerVersion) {
  PendingAlerts pending(3);
  pending.add({alert(7, 2)});
  EXPECT_EQ(pending.put_back({alert(5, 1), alert(6, 1), alert(7, 1)}), 0u);
  const auto taken = pending.take_all();
  EXPECT_EQ(fingerprints(taken), (std::vector<std::uint64_t>{5, 6, 7}));
  EXPECT_EQ(taken[2].ends_at_ms, 2);  // the newer version stayed

  pending.add({alert(1), alert(2)});
  EXPECT_EQ(pending.put_back({alert(8), alert(9)}), 1u);  // the oldest failed one goes first
  EXPECT_EQ(fingerprints(pending.take_all()), (std::vector<std::uint64_t>{9, 1, 2}));
}

}  // namespace
}  // namespace netkeel::analyze
