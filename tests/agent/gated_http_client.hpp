#pragma once
// An HttpClient that holds every request until the test opens the gate, then fails it as a timeout: a
// keeper (or any server) that does not answer.
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "netkeel/core/error.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::agent::testing {

class GatedHttpClient final : public http::HttpClient {
 public:
  http::Response send(const http::Request& request) override {
    std::unique_lock lock(mutex_);
    ++started_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
    throw RuntimeError("GET " + request.url + ": no HTTP response: Operation timed out");
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool is_open() {
    std::lock_guard lock(mutex_);
    return open_;
  }
  bool wait_started(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return started_ >= n; });
  }
  int started() {
    std::lock_guard lock(mutex_);
    return started_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  int started_ = 0;
};

}  // namespace netkeel::agent::testing
