#pragma once
// The CLI side of the query API: one GET, its JSON answer, and errors worded for the user.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {

using QueryString = std::vector<std::pair<std::string, std::string>>;

// A server to query and how to show it who we are.
struct ApiTarget {
  std::string base_url;              // http://HOST:PORT or https://HOST:PORT[/PREFIX]
  std::optional<std::string> token;  // sent as "Authorization: Bearer <token>"; nothing = no header
  bool token_from_lab = false;       // the token came from the lab's directory, not --token-file
  http::TlsClientFiles tls;          // for the client that sends the queries
  std::string lab;                   // the lab whose server this is (found or --lab); empty: none
};

// GET base_url + path + "?" + the percent-encoded query, with the token. Throws UsageError when the
// server answers 400 (the request was wrong; the message is the server's) or 401 (the token: the message
// names --token-file), and RuntimeError when it cannot be reached (for a lab's server, naming `lab status`
// and `lab heal`: a service-down fault stops it) or answers anything else but 200.
nlohmann::json get_api_json(http::HttpClient& client, const ApiTarget& target, const std::string& path,
                            const QueryString& query);

}  // namespace netkeel::cli
