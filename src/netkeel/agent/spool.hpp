#pragma once
// The agent's on-disk queue of batches the server has not acknowledged yet (docs/agent.md, "Shipping").
// One file per batch, named by its sequence so the directory lists them in order, written durably
// (temporary file, fsync, rename, fsync of the directory), so a batch survives an agent crash or a
// power cut. Bounded: when a new batch would pass max_bytes, the oldest batches go first.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "netkeel/agent/corrupt_directory.hpp"
#include "netkeel/agent/log_line.hpp"

namespace netkeel::agent {

inline constexpr std::uint64_t kDefaultSpoolMaxBytes = 256ull << 20;  // 256 MiB

struct SpoolOptions {
  std::filesystem::path directory = "/var/lib/netkeel/spool";  // --spool-dir
  std::uint64_t max_bytes = kDefaultSpoolMaxBytes;              // --spool-max-bytes
  std::uint64_t corrupt_max_files = kDefaultCorruptMaxFiles;    // --spool-corrupt-max-files
  std::uint64_t corrupt_max_bytes = kDefaultCorruptMaxBytes;    // --spool-corrupt-max-bytes
};

struct SpooledBatch {
  std::uint64_t sequence = 0;
  std::filesystem::path path;
  std::uint64_t bytes = 0;
};

class Spool {
 public:
  // Creates the directory when missing, deletes temporary files a crash left half-written, moves
  // files whose name is not a batch name aside (into corrupt/), and indexes the rest. Throws
  // RuntimeError naming the directory when it cannot be created or read.
  Spool(SpoolOptions options, LogLine log);

  // Stores one batch body durably, then drops the oldest batches while the spool is over max_bytes
  // (a body larger than max_bytes alone is dropped itself). Returns how many batches were dropped.
  // Throws RuntimeError when the file cannot be written (disk full, permissions).
  std::size_t push(std::uint64_t sequence, std::string_view body);

  std::optional<SpooledBatch> oldest() const;
  std::string read(const SpooledBatch& batch) const;  // throws RuntimeError when unreadable
  void remove(std::uint64_t sequence);               // once the server has it, or it was dropped
  // Moves a batch that cannot be sent (unreadable, bad gzip, bad JSON) to corrupt/ and logs why;
  // corrupt/ keeps its newest files within its bounds (corrupt_directory.hpp).
  void set_aside(std::uint64_t sequence, const std::string& why);

  std::size_t batch_count() const { return batches_.size(); }
  std::uint64_t total_bytes() const { return total_bytes_; }
  std::uint64_t dropped_total() const { return dropped_total_; }    // oldest-first drops since start
  std::uint64_t set_aside_total() const { return set_aside_total_; }
  const CorruptDirectory& corrupt() const { return corrupt_; }
  std::optional<std::uint64_t> highest_sequence() const;
  const std::filesystem::path& directory() const { return options_.directory; }

  static std::string file_name(std::uint64_t sequence);  // batch-00000000000000000042.json.gz

 private:
  void load();
  void move_aside(const std::filesystem::path& path, const std::string& why);
  void drop_oldest(const std::string& why);

  SpoolOptions options_;
  LogLine log_;
  CorruptDirectory corrupt_;
  std::map<std::uint64_t, SpooledBatch> batches_;
  std::uint64_t total_bytes_ = 0;
  std::uint64_t dropped_total_ = 0;
  std::uint64_t set_aside_total_ = 0;
};

}  // namespace netkeel::agent
