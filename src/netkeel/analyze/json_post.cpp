#include "netkeel/analyze/json_post.hpp"

#include <exception>

namespace netkeel::analyze {

PostOutcome post_json(http::HttpClient& client, const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout, const std::optional<std::string>& bearer_token) {
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers.emplace_back("Content-Type", "application/json");
  if (bearer_token) request.headers.emplace_back("Authorization", "Bearer " + *bearer_token);
  request.body = body;
  request.timeout = timeout;
  try {
    const http::Response response = client.send(request);
    if (response.status >= 200 && response.status < 300) return {true, false, ""};
    const bool retry = response.status == 408 || response.status == 429 || response.status >= 500;
    std::string excerpt = response.body.substr(0, 200);
    while (!excerpt.empty() && (excerpt.back() == '\n' || excerpt.back() == '\r')) excerpt.pop_back();
    return {false, retry, "POST " + url + ": HTTP " + std::to_string(response.status) + (excerpt.empty() ? "" : ": " + excerpt)};
  } catch (const std::exception& e) {
    return {false, true, e.what()};  // the client's message names the method, the URL and the cause
  }
}

}  // namespace netkeel::analyze
