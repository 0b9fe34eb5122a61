#include "netkeel/server/api_response.hpp"

#include <nlohmann/json.hpp>

namespace netkeel::server {

ApiResponse json_response(int status, const nlohmann::json& body) {
  // replace: a label value with invalid UTF-8 must not turn an answer into an exception.
  return ApiResponse{status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
}

ApiResponse error_response(int status, const std::string& message) {
  return json_response(status, nlohmann::json{{"error", message}});
}

}  // namespace netkeel::server
