#pragma once
// Batch sequence numbers that survive agent restarts, persisted in the spool directory. The server
// keeps (host, sequence) to store a retried batch once, so a sequence must never be used twice: the
// next value is written durably before a sequence is handed out.
#include <cstdint>
#include <filesystem>
#include <optional>

#include "netkeel/agent/log_line.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::agent {

class SequenceFile {
 public:
  // Reads <directory>/sequence. The next sequence is the larger of the file's value and the highest
  // spooled sequence + 1. With neither (a new host, or a wiped spool directory) it starts at
  // `now_ms` (Unix milliseconds): batches come at most one per millisecond, so that is above every
  // sequence an earlier run used, and the server never mistakes a new batch for an old one.
  // A file that does not parse is logged and treated as missing.
  SequenceFile(const std::filesystem::path& directory, std::optional<std::uint64_t> highest_spooled,
               store::TimestampMs now_ms, LogLine log);

  std::uint64_t take();  // durable before it returns; throws RuntimeError when it cannot be written
  std::uint64_t peek() const { return next_; }

 private:
  std::filesystem::path path_;
  std::uint64_t next_ = 1;
};

}  // namespace netkeel::agent
