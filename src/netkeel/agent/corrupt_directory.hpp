#pragma once
// The spool's corrupt/ directory: spool files that could not be sent, kept for an operator to inspect,
// and bounded (docs/shipping.md, "The spool"). A file moved in becomes the newest (its modification
// time is set to the move); while the directory holds more than max_files files or max_bytes bytes,
// the oldest are deleted first, each counted and logged. Files already there at start (an earlier
// run's, or an operator's) are indexed oldest first by modification time and trimmed the same way.
#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>

#include "netkeel/agent/log_line.hpp"

namespace netkeel::agent {

inline constexpr std::uint64_t kDefaultCorruptMaxFiles = 100;
inline constexpr std::uint64_t kDefaultCorruptMaxBytes = 64ull << 20;  // 64 MiB

class CorruptDirectory {
 public:
  // max_files 0 keeps nothing: a file is deleted instead of kept (still logged and counted).
  CorruptDirectory(std::filesystem::path directory, std::uint64_t max_files, std::uint64_t max_bytes, LogLine log);

  // Moves `path` in and trims. Returns false when it could not be moved (the caller deletes it).
  bool take(const std::filesystem::path& path);

  std::uint64_t files() const { return files_.size(); }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t trimmed_total() const { return trimmed_total_; }  // files deleted to keep the bounds
  const std::filesystem::path& directory() const { return directory_; }

 private:
  struct File {
    std::filesystem::path path;
    std::uint64_t bytes = 0;
  };
  void load();
  void forget(const std::filesystem::path& path);  // a name taken again replaces its older file
  void trim();

  std::filesystem::path directory_;
  std::uint64_t max_files_, max_bytes_;
  LogLine log_;
  std::deque<File> files_;  // oldest first
  std::uint64_t bytes_ = 0;
  std::uint64_t trimmed_total_ = 0;
};

}  // namespace netkeel::agent
