#include "netkeel/agent/spool.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>

#include "netkeel/agent/durable_file.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

constexpr std::string_view kPrefix = "batch-";
constexpr std::string_view kSuffix = ".json.gz";
constexpr const char* kCorruptDirectory = "corrupt";

std::optional<std::uint64_t> sequence_of(std::string_view name) {
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
  const std::string_view digits = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  std::uint64_t sequence = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
  return sequence;
}

}  // namespace

std::string Spool::file_name(std::uint64_t sequence) {
  return fmt::format("{}{:020}{}", kPrefix, sequence, kSuffix);
}

namespace {

// Before corrupt/ is indexed: a spool directory that cannot be made is the error to report.
const std::filesystem::path& created(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw RuntimeError(fmt::format("spool: cannot create {}: {} (set --spool-dir to a writable directory)",
                                   directory.string(), error.message()));
  }
  return directory;
}

}  // namespace

Spool::Spool(SpoolOptions options, LogLine log)
    : options_(std::move(options)),
      log_(std::move(log)),
      corrupt_(created(options_.directory) / kCorruptDirectory, options_.corrupt_max_files, options_.corrupt_max_bytes, log_) {
  load();
}

void Spool::load() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(options_.directory, error)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file()) continue;  // corrupt/ and anything an operator put there
    if (name.starts_with(kTemporaryPrefix)) {
      // Half-written when the agent stopped: its batch was never acknowledged to anyone, not even the spool.
      std::filesystem::remove(entry.path(), error);
      log_(fmt::format("spool: removed {} (left half-written by an earlier stop)", entry.path().string()));
      continue;
    }
    if (!name.starts_with(kPrefix)) continue;  // the sequence file and other files of ours
    const auto sequence = sequence_of(name);
    if (!sequence) {
      move_aside(entry.path(), "the name is not batch-<sequence>.json.gz");
      continue;
    }
    const std::uint64_t bytes = entry.file_size(error);
    batches_[*sequence] = SpooledBatch{*sequence, entry.path(), error ? 0 : bytes};
    total_bytes_ += error ? 0 : bytes;
  }
  if (error) {
    throw RuntimeError(fmt::format("spool: cannot read {}: {}", options_.directory.string(), error.message()));
  }
  if (!batches_.empty()) {
    log_(fmt::format("spool: {} batches ({} bytes) waiting in {} from an earlier run; they are sent first, in order",
                     batches_.size(), total_bytes_, options_.directory.string()));
  }
}

std::size_t Spool::push(std::uint64_t sequence, std::string_view body) {
  const std::filesystem::path path = options_.directory / file_name(sequence);
  if (body.size() > options_.max_bytes) {
    ++dropped_total_;
    log_(fmt::format("spool: dropped batch {} of {} bytes: larger than the whole spool (--spool-max-bytes {})",
                     sequence, body.size(), options_.max_bytes));
    return 1;
  }
  std::size_t dropped = 0;
  while (!batches_.empty() && total_bytes_ + body.size() > options_.max_bytes) {
    drop_oldest(fmt::format("the spool is full ({} of --spool-max-bytes {})", total_bytes_, options_.max_bytes));
    ++dropped;
  }
  write_file_durably(path, body);
  auto [it, inserted] = batches_.try_emplace(sequence, SpooledBatch{sequence, path, body.size()});
  if (!inserted) {  // the same sequence again (cannot happen with SequenceFile): replace it
    total_bytes_ -= it->second.bytes;
    it->second.bytes = body.size();
  }
  total_bytes_ += body.size();
  return dropped;
}

void Spool::drop_oldest(const std::string& why) {
  const SpooledBatch oldest = batches_.begin()->second;
  std::error_code error;
  std::filesystem::remove(oldest.path, error);
  total_bytes_ -= oldest.bytes;
  batches_.erase(batches_.begin());
  ++dropped_total_;
  log_(fmt::format("spool: dropped the oldest batch {} ({} bytes): {}", oldest.sequence, oldest.bytes, why));
}

std::optional<SpooledBatch> Spool::oldest() const {
  if (batches_.empty()) return std::nullopt;
  return batches_.begin()->second;
}

std::optional<std::uint64_t> Spool::highest_sequence() const {
  if (batches_.empty()) return std::nullopt;
  return batches_.rbegin()->first;
}

std::string Spool::read(const SpooledBatch& batch) const {
  std::ifstream in(batch.path, std::ios::binary);
  if (!in) throw RuntimeError(fmt::format("spool: cannot open {}", batch.path.string()));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw RuntimeError(fmt::format("spool: cannot read {}", batch.path.string()));
  return std::move(content).str();
}

void Spool::remove(std::uint64_t sequence) {
  auto it = batches_.find(sequence);
  if (it == batches_.end()) return;
  std::error_code error;
  std::filesystem::remove(it->second.path, error);
  if (error) log_(fmt::format("spool: cannot remove {}: {}", it->second.path.string(), error.message()));
  total_bytes_ -= it->second.bytes;
  batches_.erase(it);
}

void Spool::set_aside(std::uint64_t sequence, const std::string& why) {
  auto it = batches_.find(sequence);
  if (it == batches_.end()) return;
  const SpooledBatch batch = it->second;
  total_bytes_ -= batch.bytes;
  batches_.erase(it);
  move_aside(batch.path, why);
}

void Spool::move_aside(const std::filesystem::path& path, const std::string& why) {
  ++set_aside_total_;
  log_(fmt::format("spool: moving {} to {}/: {} (inspect it, then delete it)", path.string(), corrupt_.directory().string(), why));
  if (!corrupt_.take(path)) {
    std::error_code error;
    std::filesystem::remove(path, error);  // it must not block the queue either way
    log_(fmt::format("spool: could not move it; removed unusable {}", path.string()));
  }
}

}  // namespace netkeel::agent
