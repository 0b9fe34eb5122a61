#pragma once
// What a handler answers: a status and a JSON body. Handlers build these without any socket, so they are
// unit-tested directly; the HTTP front end only copies them onto the wire.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace netkeel::server {

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. WWW-Authenticate
};

ApiResponse json_response(int status, const nlohmann::json& body);

// {"error": message}; the message names the place (parameter, header, JSON path) and the fix.
ApiResponse error_response(int status, const std::string& message);

}  // namespace netkeel::server
