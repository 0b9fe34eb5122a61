#include "netkeel/ha/http_health_probe.hpp"

#include <algorithm>
#include <chrono>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {

ProbeOutcome HttpHealthProbe::run(Nanoseconds timeout) {
  http::Request request;
  request.url = url_;
  request.timeout = std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
  try {
    const http::Response response = client_->send(request);
    const std::string status = "GET " + url_ + ": HTTP " + std::to_string(response.status);
    return {response.status >= 200 && response.status < 400, status};
  } catch (const RuntimeError& e) {
    return {false, e.what()};
  }
}

}  // namespace netkeel::ha
