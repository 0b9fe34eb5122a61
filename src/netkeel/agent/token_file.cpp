#include "netkeel/agent/token_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string how_to_make_one(const std::filesystem::path& path) {
  return "make a random one with `openssl rand -hex 32 > " + path.string() + "` and give the same file to the server and the agents";
}

}  // namespace

std::string read_token_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw UsageError("--token-file " + path.string() + ": cannot read it (" + std::strerror(errno) +
                     "); give a file whose first line is the site's token");
  }
  std::string line;
  std::getline(in, line);
  std::size_t begin = 0;
  std::size_t end = line.size();
  while (begin < end && is_blank(line[begin])) ++begin;
  while (end > begin && is_blank(line[end - 1])) --end;
  const std::string token = line.substr(begin, end - begin);
  if (token.empty()) {
    throw UsageError("--token-file " + path.string() + ":1: the first line is empty; put the site's token on it (" +
                     how_to_make_one(path) + ")");
  }
  for (const char c : token) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw UsageError("--token-file " + path.string() + ":1: the token holds a control character, which an HTTP header "
                       "cannot carry; " + how_to_make_one(path));
    }
  }
  if (token.size() < kMinTokenLength) {
    throw UsageError("--token-file " + path.string() + ":1: the token has " + std::to_string(token.size()) +
                     " characters, fewer than the " + std::to_string(kMinTokenLength) +
                     " a token needs so it cannot be guessed; " + how_to_make_one(path));
  }
  return token;
}

}  // namespace netkeel::agent
