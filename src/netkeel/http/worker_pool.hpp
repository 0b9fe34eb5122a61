#pragma once
// A few threads running jobs from a bounded queue: HttpServer's handlers that may take time (queries,
// ingest writes, rendering a page) run here, so its event loop never waits on them.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace netkeel::http {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // false (and `job` not kept) when max_queued jobs already wait, or after stop().
  bool submit(std::function<void()> job);
  // Runs every job already queued, then ends the threads. Safe to call twice.
  void stop();

 private:
  void run();

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace netkeel::http
