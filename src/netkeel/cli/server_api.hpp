#pragma once
// The CLI side of the query API: one GET, its JSON answer, and errors worded for the user.
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
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

// The answer read into netkeel's own type by `decode` (e.g. server::matrix_from_json); one it cannot read
// (a server of another version) is a RuntimeError naming the server and `what` it sent ("a matrix").
template <typename Decode>
auto decode_api_answer(const ApiTarget& target, const char* what, const nlohmann::json& json, Decode decode) {
  try {
    return decode(json);
  } catch (const std::invalid_argument& e) {
    throw RuntimeError("server " + target.base_url + " sent " + what + " this netkeel cannot read: " + e.what());
  }
}

// Prints the answer as --format says: "json", the JSON `json` makes, indented; otherwise the text `table` makes.
void print_api_answer(const std::string& format, const std::function<nlohmann::json()>& json,
                      const std::function<std::string()>& table);

}  // namespace netkeel::cli
