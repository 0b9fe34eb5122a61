#pragma once
// A request the server cannot serve as sent (bad parameter, unknown parameter): answered with 400 and
// the message, which names the parameter and the fix.
#include <stdexcept>

namespace netkeel::server {

class BadRequest : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace netkeel::server
