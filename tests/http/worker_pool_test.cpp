// WorkerPool: a full queue refuses at once (the server answers 503 rather than queue without bound), and
// stop() runs what was queued before the threads end (requests in progress finish).
#include "netkeel/http/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace netkeel::http {
namespace {

TEST(WorkerPool, AFullQueueRefusesAndStopRunsWhatWasQueued) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::promise<void> started;
  ASSERT_TRUE(pool.submit([&] {
    started.set_value();
    release.get_future().wait();  // holds the only thread
  }));
  started.get_future().wait();
  std::atomic<int> ran{0};
  EXPECT_TRUE(pool.submit([&] { ++ran; }));
  EXPECT_TRUE(pool.submit([&] { ++ran; }));
  EXPECT_FALSE(pool.submit([&] { ++ran; }));  // two already wait
  release.set_value();
  pool.stop();
  EXPECT_EQ(ran, 2);
  EXPECT_FALSE(pool.submit([&] { ++ran; }));  // stopped
}

}  // namespace
}  // namespace netkeel::http
