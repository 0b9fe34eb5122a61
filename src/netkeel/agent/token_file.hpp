#pragma once
// The shared secret of a site: the first line of the file given by --token-file (agent, server and the
// query commands alike), with the spaces, tabs and carriage return around it taken off, so a file
// written by hand or by `echo` reads the same on every side.
#include <cstddef>
#include <filesystem>
#include <string>

namespace netkeel::agent {

// A shorter token is refused: it could be guessed. `openssl rand -hex 32` makes a 64-character one.
inline constexpr std::size_t kMinTokenLength = 16;

// Throws UsageError (exit code 2) naming the file and the fix when it cannot be read, its first line is
// empty, the token is shorter than kMinTokenLength or holds a control character.
std::string read_token_file(const std::filesystem::path& path);

}  // namespace netkeel::agent
