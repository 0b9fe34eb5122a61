#pragma once
// The CLI side of the query API: one GET, its JSON answer, and errors worded for the user.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {

using QueryString = std::vector<std::pair<std::string, std::string>>;

// GET base_url + path + "?" + the percent-encoded query. Throws UsageError when the server answers 400
// (the request was wrong; the message is the server's) and RuntimeError when it cannot be reached or
// answers anything else but 200.
nlohmann::json get_api_json(http::HttpClient& client, const std::string& base_url, const std::string& path,
                            const QueryString& query);

}  // namespace netkeel::cli
