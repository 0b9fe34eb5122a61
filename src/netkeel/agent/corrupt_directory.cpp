#include "netkeel/agent/corrupt_directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>
#include <vector>

namespace netkeel::agent {

CorruptDirectory::CorruptDirectory(std::filesystem::path directory, std::uint64_t max_files, std::uint64_t max_bytes,
                                   LogLine log)
    : directory_(std::move(directory)), max_files_(max_files), max_bytes_(max_bytes), log_(std::move(log)) {
  load();
  trim();  // the bounds may have been lowered since the last run
}

void CorruptDirectory::load() {
  struct Found {
    std::filesystem::file_time_type modified;
    File file;
  };
  std::vector<Found> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
    std::error_code entry_error;
    if (!entry.is_regular_file(entry_error)) continue;
    const auto modified = entry.last_write_time(entry_error);
    const std::uint64_t bytes = entry.file_size(entry_error);
    if (entry_error) continue;  // vanished meanwhile
    found.push_back({modified, {entry.path(), bytes}});
  }
  // A missing directory is the usual case (nothing was ever set aside): nothing to index.
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.modified != b.modified ? a.modified < b.modified : a.file.path < b.file.path;
  });
  for (auto& f : found) {
    bytes_ += f.file.bytes;
    files_.push_back(std::move(f.file));
  }
}

void CorruptDirectory::forget(const std::filesystem::path& path) {
  auto it = std::find_if(files_.begin(), files_.end(), [&](const File& f) { return f.path == path; });
  if (it == files_.end()) return;
  bytes_ -= it->bytes;
  files_.erase(it);
}

bool CorruptDirectory::take(const std::filesystem::path& path) {
  std::error_code error;
  const std::uint64_t bytes = std::filesystem::file_size(path, error);
  if (error) return false;
  std::filesystem::create_directories(directory_, error);
  const std::filesystem::path target = directory_ / path.filename();
  if (!error) std::filesystem::rename(path, target, error);
  if (error) return false;
  // Newest now: the file's own time is when its batch was written, not when it was set aside.
  std::filesystem::last_write_time(target, std::filesystem::file_time_type::clock::now(), error);
  forget(target);
  files_.push_back({target, bytes});
  bytes_ += bytes;
  trim();
  return true;
}

void CorruptDirectory::trim() {
  while (!files_.empty() && (files_.size() > max_files_ || bytes_ > max_bytes_)) {
    const File oldest = files_.front();
    files_.pop_front();
    bytes_ -= oldest.bytes;
    std::error_code error;
    std::filesystem::remove(oldest.path, error);
    ++trimmed_total_;
    log_(fmt::format("spool: deleted {} ({} bytes), the oldest file in {}/: it keeps at most {} files and {} bytes "
                     "(--spool-corrupt-max-files, --spool-corrupt-max-bytes)",
                     oldest.path.filename().string(), oldest.bytes, directory_.string(), max_files_, max_bytes_));
  }
}

}  // namespace netkeel::agent
