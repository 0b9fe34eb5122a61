#pragma once
// Where the shipping parts write their log lines: the daemon's log, a vector in unit tests.
#include <functional>
#include <string>

#include "netkeel/core/log.hpp"

namespace netkeel::agent {

using LogLine = std::function<void(const std::string&)>;

inline void log_to_stderr(const std::string& line) { log::info(line); }

}  // namespace netkeel::agent
