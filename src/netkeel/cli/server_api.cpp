#include "netkeel/cli/server_api.hpp"

#include <cstdio>

#include "netkeel/core/error.hpp"

namespace netkeel::cli {
namespace {

std::string percent_encoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string error_of(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("error") && json["error"].is_string()) return json["error"].get<std::string>();
  return body.substr(0, 200);
}

}  // namespace

nlohmann::json get_api_json(http::HttpClient& client, const ApiTarget& target, const std::string& path,
                            const QueryString& query) {
  const std::string& base_url = target.base_url;
  http::Request request;
  request.url = base_url;
  if (target.token) request.headers.emplace_back("Authorization", "Bearer " + *target.token);
  while (!request.url.empty() && request.url.back() == '/') request.url.pop_back();
  request.url += path;
  for (std::size_t i = 0; i < query.size(); ++i) {
    request.url += (i == 0 ? "?" : "&") + percent_encoded(query[i].first) + "=" + percent_encoded(query[i].second);
  }
  request.timeout = std::chrono::seconds(30);
  http::Response response;
  try {
    response = client.send(request);  // RuntimeError names the URL when unreachable
  } catch (const RuntimeError& e) {
    if (target.lab.empty()) throw;
    throw RuntimeError(std::string(e.what()) + "\n  hint: this is lab " + target.lab +
                       "'s server: `netkeel lab status --name " + target.lab +
                       "` shows whether it runs (under services: server), and `netkeel lab heal` starts it again "
                       "after a service-down fault");
  }
  if (response.status == 400) throw UsageError("the server refused the query: " + error_of(response.body));
  // A name the server does not know (diagnose host, pair, vm) is the user's mistake: usage, exit code 2.
  if (response.status == 404 && error_of(response.body).rfind("parameter ", 0) == 0) {
    throw UsageError("the server refused the query: " + error_of(response.body));
  }
  if (response.status == 401) {
    const std::string why = !target.token       ? "no token was sent"
                            : target.token_from_lab ? "the lab's token was refused"
                                                    : "the token of --token-file was refused";
    throw UsageError("server " + base_url + " wants a token for queries (401: " + why +
                     "): give --token-file FILE with the server's --token-file or --read-token-file");
  }
  if (response.status != 200) {
    throw RuntimeError("server " + base_url + " answered " + std::to_string(response.status) + ": " +
                       error_of(response.body));
  }
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded()) throw RuntimeError("server " + base_url + " answered 200 but not with JSON (is it netkeel?)");
  return json;
}

void print_api_answer(const std::string& format, const std::function<nlohmann::json()>& json,
                      const std::function<std::string()>& table) {
  if (format == "json") {
    std::printf("%s\n", json().dump(2).c_str());
  } else {
    std::fputs(table().c_str(), stdout);
  }
}

}  // namespace netkeel::cli
