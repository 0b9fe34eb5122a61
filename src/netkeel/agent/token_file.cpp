#include "netkeel/agent/token_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "netkeel/core/error.hpp"

namespace netkeel::agent {

std::string read_token_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw UsageError("--token-file " + path.string() + ": cannot read it (" + std::strerror(errno) +
                     "); give a file whose first line is the site's token");
  }
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
  if (line.empty()) {
    throw UsageError("--token-file " + path.string() + ":1: the first line is empty; put the site's token on it");
  }
  return line;
}

}  // namespace netkeel::agent
