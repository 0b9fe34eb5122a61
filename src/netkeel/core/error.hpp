#pragma once
// Exceptions for failures that are not the user's input (those are Diagnostics).
#include <stdexcept>
#include <string>

namespace netkeel {

// The environment failed: a syscall, a missing kernel feature, a file that cannot be written.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user asked for something impossible (bad flag combination, unknown host).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace netkeel
