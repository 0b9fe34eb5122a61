#pragma once
// Where the shipping parts write their log lines: stderr in the daemon, a vector in unit tests.
#include <cstdio>
#include <functional>
#include <string>

namespace netkeel::agent {

using LogLine = std::function<void(const std::string&)>;

inline void log_to_stderr(const std::string& line) { std::fprintf(stderr, "netkeel agent: %s\n", line.c_str()); }

}  // namespace netkeel::agent
