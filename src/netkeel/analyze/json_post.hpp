#pragma once
// One POST of a JSON body to a notification destination, judged the way both destinations need: 2xx is
// delivered; 408, 429, 5xx and no answer at all are worth another try; any other status means the
// destination refuses the content, which a retry would not change.
#include <chrono>
#include <optional>
#include <string>

#include "netkeel/http/http_client.hpp"

namespace netkeel::analyze {

struct PostOutcome {
  bool delivered = false;
  bool retry = false;
  std::string error;  // "POST URL: cause" when not delivered
};

PostOutcome post_json(http::HttpClient& client, const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout, const std::optional<std::string>& bearer_token);

}  // namespace netkeel::analyze
