#include "netkeel/agent/sequence_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>

#include "netkeel/agent/durable_file.hpp"

namespace netkeel::agent {
namespace {

std::optional<std::uint64_t> parse_sequence(const std::string& text) {
  std::string_view digits(text);
  while (!digits.empty() && (digits.back() == '\n' || digits.back() == ' ')) digits.remove_suffix(1);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || value == 0) return std::nullopt;
  return value;
}

}  // namespace

SequenceFile::SequenceFile(const std::filesystem::path& directory, std::optional<std::uint64_t> highest_spooled,
                           store::TimestampMs now_ms, LogLine log)
    : path_(directory / "sequence") {
  std::optional<std::uint64_t> stored;
  if (std::ifstream in(path_); in) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    stored = parse_sequence(text);
    if (!stored) log(fmt::format("spool: {} does not hold a sequence number; starting after the spooled batches", path_.string()));
  }
  if (stored) {
    next_ = *stored;
  } else if (!highest_spooled) {
    next_ = std::uint64_t(std::max<store::TimestampMs>(now_ms, 1));
  }
  if (highest_spooled) next_ = std::max(next_, *highest_spooled + 1);
}

std::uint64_t SequenceFile::take() {
  write_file_durably(path_, std::to_string(next_ + 1) + "\n");
  return next_++;
}

}  // namespace netkeel::agent
