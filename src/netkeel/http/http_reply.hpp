#pragma once
// What a route answers; HttpServer writes it in one piece.
#include <string>
#include <utility>
#include <vector>

namespace netkeel::http {

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. WWW-Authenticate
};

}  // namespace netkeel::http
