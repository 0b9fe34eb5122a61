#pragma once
// Runs a query handler's body and turns what it throws into an answer: BadRequest (and the store's
// invalid_argument for a bad matcher) -> 400, a store failure -> 503. A query never takes the server down.
#include <functional>

#include "netkeel/server/api_response.hpp"

namespace netkeel::server {

ApiResponse guarded_query(const std::function<ApiResponse()>& body);

}  // namespace netkeel::server
