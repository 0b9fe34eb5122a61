#include "netkeel/http/http_request.hpp"

#include <strings.h>

namespace netkeel::http {

std::optional<std::string> HttpRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (::strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return std::nullopt;
}

std::size_t HttpRequest::header_count(const std::string& name) const { return header_values(name).size(); }

std::vector<std::string> HttpRequest::header_values(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (::strcasecmp(key.c_str(), name.c_str()) == 0) values.push_back(value);
  }
  return values;
}

}  // namespace netkeel::http
