#pragma once
// An in-memory HttpClient for unit tests: answers from a script of responses and transport failures, and
// records every request it was sent.
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/http/http_client.hpp"

namespace netkeel::http {

class FakeHttpClient final : public HttpClient {
 public:
  // Queue the next answers, consumed in order by send().
  void respond(Response response);
  void respond(int status, std::string body = "{}");
  void fail(std::string cause);  // send() throws RuntimeError, as when no HTTP response arrives

  // Answer used once the script is exhausted; without one, send() throws RuntimeError("script exhausted").
  void respond_by_default(Response response);

  Response send(const Request& request) override;

  std::vector<Request> requests() const;
  std::size_t request_count() const;
  std::size_t scripted_left() const;

 private:
  struct Answer {
    std::optional<Response> response;  // empty: a transport failure
    std::string failure;
  };
  mutable std::mutex mutex_;
  std::deque<Answer> script_;
  std::optional<Response> default_response_;
  std::vector<Request> requests_;
};

}  // namespace netkeel::http
