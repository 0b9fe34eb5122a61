#include "netkeel/store/series.hpp"

#include <algorithm>

#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::store {
namespace {

bool is_name_start(char c, bool allow_colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
}

bool is_valid_name(std::string_view name, bool allow_colon) {
  if (name.empty() || !is_name_start(name.front(), allow_colon)) return false;
  return std::all_of(name.begin() + 1, name.end(), [&](char c) {
    return is_name_start(c, allow_colon) || (c >= '0' && c <= '9');
  });
}

void append_escaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

bool is_valid_metric_name(std::string_view name) { return is_valid_name(name, true); }
bool is_valid_label_name(std::string_view name) { return is_valid_name(name, false); }

std::string_view Series::label(std::string_view name) const {
  auto it = std::lower_bound(labels.begin(), labels.end(), name,
                             [](const Label& l, std::string_view n) { return l.name < n; });
  return it != labels.end() && it->name == name ? std::string_view(it->value) : std::string_view();
}

Series make_series(std::string metric, std::vector<Label> labels) {
  if (!is_valid_metric_name(metric)) {
    throw InvalidBatch("metric name '" + metric +
                       "' is invalid: use letters, digits, '_' and ':' and do not start with a digit");
  }
  std::sort(labels.begin(), labels.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!is_valid_label_name(labels[i].name)) {
      throw InvalidBatch("series " + metric + ": label name '" + labels[i].name +
                         "' is invalid: use letters, digits and '_' and do not start with a digit");
    }
    if (i > 0 && labels[i - 1].name == labels[i].name) {
      throw InvalidBatch("series " + metric + ": label '" + labels[i].name +
                         "' appears twice: give each label once");
    }
  }
  return Series{std::move(metric), std::move(labels)};
}

std::string canonical_key(const Series& series) {
  std::string key = series.metric;
  key += '{';
  for (std::size_t i = 0; i < series.labels.size(); ++i) {
    if (i > 0) key += ',';
    key += series.labels[i].name;
    key += "=\"";
    append_escaped(key, series.labels[i].value);
    key += '"';
  }
  key += '}';
  return key;
}

}  // namespace netkeel::store
