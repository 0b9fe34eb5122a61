#pragma once
// The shared secret of a site: the first line of the file given by --token-file (agent and server alike).
#include <filesystem>
#include <string>

namespace netkeel::agent {

// Throws UsageError naming the file and the fix when it cannot be read or its first line is empty.
std::string read_token_file(const std::filesystem::path& path);

}  // namespace netkeel::agent
