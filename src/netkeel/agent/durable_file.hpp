#pragma once
// Writes a file so that after a crash it holds either the old content or the whole new content:
// write to a temporary name in the same directory, fsync, rename over the target, fsync the directory.
#include <filesystem>
#include <string_view>

namespace netkeel::agent {

inline constexpr std::string_view kTemporaryPrefix = ".tmp-";  // left-overs of a crash mid-write

// Throws RuntimeError naming the path and the cause.
void write_file_durably(const std::filesystem::path& path, std::string_view content);

}  // namespace netkeel::agent
