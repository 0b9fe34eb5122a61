// ConnectionTracker's decisions with time passed in: admission against the caps, read deadlines that
// start at accept and again after each answer, and none while a request is handled.
#include "netkeel/http/connection_tracker.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::http {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

ConnectionLimits limits(std::size_t total, std::size_t per_address) {
  ConnectionLimits l;
  l.max_connections = total;
  l.max_connections_per_address = per_address;
  l.request_read_timeout = 10s;
  return l;
}

TEST(ConnectionTracker, AdmitsUpToTheCapsAndAgainAfterAClose) {
  ConnectionTracker tracker(limits(3, 2));
  const ConnectionTracker::TimePoint t0{};
  EXPECT_EQ(tracker.admit("10.0.0.1"), ConnectionTracker::Admission::admitted);
  const auto a = tracker.opened("10.0.0.1", 5, t0);
  tracker.opened("10.0.0.1", 6, t0);
  EXPECT_EQ(tracker.admit("10.0.0.1"), ConnectionTracker::Admission::over_address_limit);
  EXPECT_EQ(tracker.admit("10.0.0.2"), ConnectionTracker::Admission::admitted);
  tracker.opened("10.0.0.2", 7, t0);
  EXPECT_EQ(tracker.admit("10.0.0.3"), ConnectionTracker::Admission::over_max_connections);
  tracker.closed(a);
  EXPECT_EQ(tracker.admit("10.0.0.1"), ConnectionTracker::Admission::admitted);
  EXPECT_EQ(tracker.open_connections(), 2U);
}

TEST(ConnectionTracker, AConnectionStillReadingAtItsDeadlineIsOverdueOnce) {
  ConnectionTracker tracker(limits(10, 10));
  const ConnectionTracker::TimePoint t0{};
  tracker.opened("10.0.0.1", 5, t0);
  tracker.opened("10.0.0.2", 6, t0 + 4s);
  EXPECT_EQ(tracker.next_deadline(), t0 + 10s);
  EXPECT_THAT(tracker.overdue(t0 + 9s), IsEmpty());
  EXPECT_THAT(tracker.overdue(t0 + 10s), ElementsAre(5));
  EXPECT_THAT(tracker.overdue(t0 + 11s), IsEmpty());  // given once; the server closes it
  EXPECT_THAT(tracker.overdue(t0 + 14s), ElementsAre(6));
  EXPECT_EQ(tracker.next_deadline(), std::nullopt);
}

TEST(ConnectionTracker, NoDeadlineWhileARequestIsHandledAndANewOneAfterTheAnswer) {
  ConnectionLimits l = limits(10, 10);
  l.idle_timeout = 30s;
  ConnectionTracker tracker(l);
  const ConnectionTracker::TimePoint t0{};
  const auto id = tracker.opened("10.0.0.1", 5, t0);
  tracker.request_received(id);
  EXPECT_THAT(tracker.overdue(t0 + 60s), IsEmpty());  // a slow query is not a slow client
  tracker.awaiting_request(id, t0 + 60s);
  // A kept-alive client has the idle timeout (longer than the read timeout) for its next request.
  EXPECT_THAT(tracker.overdue(t0 + 89s), IsEmpty());
  EXPECT_THAT(tracker.overdue(t0 + 90s), ElementsAre(5));
}

TEST(ConnectionTracker, AKeptAliveConnectionGetsTheReadTimeoutWhenItIsTheLonger) {
  ConnectionLimits l = limits(10, 10);
  l.idle_timeout = 5s;
  ConnectionTracker tracker(l);
  const ConnectionTracker::TimePoint t0{};
  const auto id = tracker.opened("10.0.0.1", 5, t0);
  tracker.request_received(id);
  tracker.awaiting_request(id, t0 + 1s);
  EXPECT_THAT(tracker.overdue(t0 + 10s), IsEmpty());
  EXPECT_THAT(tracker.overdue(t0 + 11s), ElementsAre(5));
}

TEST(ConnectionTracker, AClosedConnectionIsNeverOverdue) {
  ConnectionTracker tracker(limits(10, 10));
  const ConnectionTracker::TimePoint t0{};
  tracker.closed(tracker.opened("10.0.0.1", 5, t0));
  EXPECT_THAT(tracker.overdue(t0 + 60s), IsEmpty());
}

}  // namespace
}  // namespace netkeel::http
