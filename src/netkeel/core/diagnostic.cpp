#include "netkeel/core/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace netkeel {

void Diagnostics::error(SourceMark mark, std::string message, std::string hint) {
  items_.push_back({Severity::error, std::move(mark), std::move(message), std::move(hint)});
}

void Diagnostics::warning(SourceMark mark, std::string message, std::string hint) {
  items_.push_back({Severity::warning, std::move(mark), std::move(message), std::move(hint)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  return std::count_if(items_.begin(), items_.end(), [](const auto& d) { return d.severity == Severity::error; });
}

size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.mark.file, a.mark.line, a.mark.column) < std::tie(b.mark.file, b.mark.line, b.mark.column);
  });
}

std::string format_diagnostic(const Diagnostic& d, bool color) {
  std::string where = d.mark.file.empty() ? "<input>" : d.mark.file;
  if (d.mark.known()) where += fmt::format(":{}:{}", d.mark.line, d.mark.column);
  const bool is_error = d.severity == Severity::error;
  std::string label = is_error ? "error" : "warning";
  if (color) label = fmt::format("\x1b[1;{}m{}\x1b[0m", is_error ? 31 : 33, label);
  std::string out = fmt::format("{}: {}: {}\n", where, label, d.message);
  if (!d.hint.empty()) out += fmt::format("  hint: {}\n", d.hint);
  return out;
}

std::string format_diagnostics(const Diagnostics& ds, bool color) {
  std::string out;
  for (const auto& d : ds.items()) out += format_diagnostic(d, color);
  return out;
}

}  // namespace netkeel
