#pragma once
// Aligned text columns for terminal summaries: each column as wide as its widest cell, two spaces
// between columns, no trailing blanks.
#include <string>
#include <vector>

namespace netkeel::plan {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // Every line starts with `indent`.
  std::string render(const std::string& indent) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace netkeel::plan
