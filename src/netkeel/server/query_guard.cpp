#include "netkeel/server/query_guard.hpp"

#include <stdexcept>
#include <string>

namespace netkeel::server {

ApiResponse guarded_query(const std::function<ApiResponse()>& body) {
  try {
    return body();
  } catch (const std::invalid_argument& e) {  // BadRequest, InvalidBatch, bad regex
    return error_response(400, e.what());
  } catch (const std::exception& e) {
    return error_response(503, std::string("store failure: ") + e.what() + ": retry later");
  }
}

}  // namespace netkeel::server
