#pragma once
// A query whose answer would exceed a limit of the query (RangeQuery::max_points), refused before its
// points are read: an invalid_argument, so the server answers 400 with the message (which names the fix).
#include <stdexcept>

namespace netkeel::store {

class QueryTooLarge : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace netkeel::store
