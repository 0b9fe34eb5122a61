#pragma once
// A problem found in user input, located at FILE:LINE:COL (or at a host/NIC for planner findings),
// with a hint that says how to fix it. Every parser and validator reports through this type.
#include <string>
#include <vector>

namespace netkeel {

struct SourceMark {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based; 0 = unknown
  bool known() const { return line > 0; }
};

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  SourceMark mark;
  std::string message;
  std::string hint;  // how to fix it; may be empty for warnings that are self-explanatory
};

class Diagnostics {
 public:
  void error(SourceMark mark, std::string message, std::string hint);
  void warning(SourceMark mark, std::string message, std::string hint = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  const std::vector<Diagnostic>& items() const { return items_; }
  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  // Sorted by file, line, column; stable for equal marks.
  void sort();

 private:
  std::vector<Diagnostic> items_;
};

// "FILE:LINE:COL: error: WHAT\n  hint: HOW\n" (the compiler convention editors understand).
std::string format_diagnostic(const Diagnostic& d, bool color = false);
std::string format_diagnostics(const Diagnostics& ds, bool color = false);

}  // namespace netkeel
