#pragma once
// One HTTP request as HttpServer hands it to a route: the head (known before any body byte is read)
// and, for the route's handler, the whole body.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace netkeel::http {

struct HttpRequest {
  std::string method;
  std::string path;                                          // without the query string
  std::multimap<std::string, std::string> query;             // decoded; "?flag" gives {"flag", ""}
  std::vector<std::pair<std::string, std::string>> headers;  // in the order received, names as sent
  std::string peer;                                          // "ADDRESS:PORT" of the client
  std::string body;                                          // empty until the whole body is read

  // Header names compare without regard to case (RFC 9110).
  std::optional<std::string> header(const std::string& name) const;  // the first one
  std::size_t header_count(const std::string& name) const;
  std::vector<std::string> header_values(const std::string& name) const;
};

}  // namespace netkeel::http
