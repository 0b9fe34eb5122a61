#include "netkeel/server/query_guard.hpp"

#include <stdexcept>
#include <string>

#include "netkeel/core/duration.hpp"

namespace netkeel::server {

ApiResponse guarded_query(const QueryContext& context, const std::function<ApiResponse()>& body) {
  try {
    return body();
  } catch (const std::invalid_argument& e) {  // BadRequest, InvalidBatch, bad regex, QueryTooLarge
    return error_response(400, e.what());
  } catch (const store::QueryTimedOut&) {
    return error_response(503, "query exceeded the server's --query-timeout of " +
                                   format_duration_ms(context.timeout.count()) +
                                   ": narrow the selector or the time range");
  } catch (const std::exception& e) {
    return error_response(503, std::string("store failure: ") + e.what() + ": retry later");
  }
}

}  // namespace netkeel::server
