#pragma once
// A label value in Prometheus' text format: backslash, double quote and newline escaped, so a value
// (a host name from a batch, an interface name) can never end the label or the line.
#include <string>
#include <string_view>

namespace netkeel {

inline void append_prometheus_label_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

inline std::string prometheus_label_value(std::string_view value) {
  std::string out;
  append_prometheus_label_value(out, value);
  return out;
}

}  // namespace netkeel
