#pragma once
// Runs a query handler's body and turns what it throws into an answer: BadRequest (and the store's
// invalid_argument for a bad matcher or a query over a limit) -> 400, a query past its deadline -> 503
// naming --query-timeout, a store failure -> 503. A query never takes the server down.
#include <functional>

#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"

namespace netkeel::server {

ApiResponse guarded_query(const QueryContext& context, const std::function<ApiResponse()>& body);

}  // namespace netkeel::server
