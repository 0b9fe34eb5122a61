#pragma once
// A batch (or a series in it) that the store refuses: the message names the batch, the item and the fix.
#include <stdexcept>

namespace netkeel::store {

class InvalidBatch : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace netkeel::store
