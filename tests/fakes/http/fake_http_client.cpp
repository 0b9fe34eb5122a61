#include "fakes/http/fake_http_client.hpp"

#include <fmt/format.h>

#include "netkeel/core/error.hpp"

namespace netkeel::http {
namespace {

// As CurlHttpClient: a body past the request's limit is a failure, not a response.
Response checked_length(const Request& request, Response response) {
  if (request.max_body_bytes != 0 && response.body.size() > request.max_body_bytes)
    throw ResponseTooLong(fmt::format("{} {}: the answer is longer than {} bytes", request.method, request.url,
                                   request.max_body_bytes));
  return response;
}

}  // namespace

void FakeHttpClient::respond(Response response) {
  std::lock_guard lock(mutex_);
  script_.push_back({std::move(response), {}});
}

void FakeHttpClient::respond(int status, std::string body) {
  respond(Response{status, std::move(body), "application/json"});
}

void FakeHttpClient::fail(std::string cause) {
  std::lock_guard lock(mutex_);
  script_.push_back({std::nullopt, std::move(cause)});
}

void FakeHttpClient::respond_by_default(Response response) {
  std::lock_guard lock(mutex_);
  default_response_ = std::move(response);
}

Response FakeHttpClient::send(const Request& request) {
  std::lock_guard lock(mutex_);
  requests_.push_back(request);
  if (script_.empty()) {
    if (default_response_) return checked_length(request, *default_response_);
    throw RuntimeError(fmt::format("{} {}: no HTTP response: fake script exhausted", request.method, request.url));
  }
  Answer answer = std::move(script_.front());
  script_.pop_front();
  if (!answer.response) {
    throw RuntimeError(fmt::format("{} {}: no HTTP response: {}", request.method, request.url, answer.failure));
  }
  return checked_length(request, *answer.response);
}

std::vector<Request> FakeHttpClient::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t FakeHttpClient::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

std::size_t FakeHttpClient::scripted_left() const {
  std::lock_guard lock(mutex_);
  return script_.size();
}

}  // namespace netkeel::http
