#include "netkeel/core/prometheus_text_parser.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace netkeel {
namespace {

constexpr std::string_view kTypes[] = {"counter", "gauge", "histogram", "summary", "untyped"};

bool name_start(char c, bool colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
}
bool name_char(char c, bool colon) { return name_start(c, colon) || (c >= '0' && c <= '9'); }
bool blank(char c) { return c == ' ' || c == '\t'; }

// A short, printable excerpt of hostile text for a message.
std::string shown(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return text.size() > 40 ? out + "..." : out;
}

// One line of the page, read left to right; every error names the line and the column.
class LineReader {
 public:
  LineReader(std::string_view line, std::size_t number, const PrometheusTextLimits& limits)
      : line_(line), number_(number), limits_(limits) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw PrometheusTextError("line " + std::to_string(number_) + ", column " + std::to_string(pos_ + 1) + ": " + what);
  }
  bool at_end() const { return pos_ >= line_.size(); }
  char peek() const { return at_end() ? '\0' : line_[pos_]; }
  void skip_blanks() {
    while (!at_end() && blank(line_[pos_])) ++pos_;
  }
  std::string_view rest() const { return line_.substr(std::min(pos_, line_.size())); }

  // A metric name (COLON: ':' allowed) or a label name.
  std::string name(bool colon, const char* what) {
    const std::size_t start = pos_;
    if (at_end() || !name_start(line_[pos_], colon))
      fail(std::string("expected a ") + what + " (letters, digits, '_'" + (colon ? ", ':'" : "") +
           ", not starting with a digit), found '" + shown(rest()) + "'");
    while (!at_end() && name_char(line_[pos_], colon)) ++pos_;
    if (pos_ - start > limits_.max_name_bytes) {
      pos_ = start;
      fail(std::string("the ") + what + " is longer than " + std::to_string(limits_.max_name_bytes) + " bytes");
    }
    return std::string(line_.substr(start, pos_ - start));
  }

  // "..." with \\, \" and \n escapes, unescaped.
  std::string quoted_value() {
    if (peek() != '"') fail("expected '\"' to open the label value, found '" + shown(rest()) + "'");
    const std::size_t open = pos_++;
    std::string out;
    while (true) {
      if (at_end()) {
        pos_ = open;
        fail("the label value has no closing '\"' on its line");
      }
      const char c = line_[pos_++];
      if (c == '"') break;
      if (c == '\\') {
        const char e = peek();
        if (e == '\\' || e == '"') out += e;
        else if (e == 'n') out += '\n';
        else fail("unknown escape '\\" + shown(std::string_view(&e, at_end() ? 0 : 1)) + "' (only \\\\, \\\" and \\n)");
        ++pos_;
      } else {
        out += c;
      }
      if (out.size() > limits_.max_label_value_bytes) {
        pos_ = open;
        fail("the label value is longer than " + std::to_string(limits_.max_label_value_bytes) + " bytes");
      }
    }
    return out;
  }

  std::vector<PrometheusLabel> labels() {
    std::vector<PrometheusLabel> out;
    ++pos_;  // '{'
    std::set<std::string> seen;
    while (true) {
      skip_blanks();
      if (peek() == '}') break;
      const std::size_t start = pos_;
      std::string label = name(false, "label name");
      if (!seen.insert(label).second) {
        pos_ = start;
        fail("label '" + label + "' is given twice in one sample");
      }
      if (out.size() == limits_.max_labels) {
        pos_ = start;
        fail("more than " + std::to_string(limits_.max_labels) + " labels in one sample");
      }
      skip_blanks();
      if (peek() != '=') fail("expected '=' after label '" + label + "', found '" + shown(rest()) + "'");
      ++pos_;
      skip_blanks();
      out.push_back({std::move(label), quoted_value()});
      skip_blanks();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != '}') fail("expected ',' or '}' after a label value, found '" + shown(rest()) + "'");
    }
    ++pos_;  // '}'
    return out;
  }

  // The next run of non-blank characters.
  std::string_view token() {
    const std::size_t start = pos_;
    while (!at_end() && !blank(line_[pos_])) ++pos_;
    return line_.substr(start, pos_ - start);
  }

  double value() {
    const std::size_t start = pos_;
    std::string_view text = token();
    if (text.empty()) fail("expected the sample's value, found the end of the line");
    // Go's ParseFloat, which Prometheus uses, takes a leading '+' ("+Inf"); from_chars does not.
    std::string_view digits = text.front() == '+' ? text.substr(1) : text;
    double out = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    const bool two_signs = digits.size() != text.size() && !digits.empty() && (digits.front() == '+' || digits.front() == '-');
    if (digits.empty() || two_signs || ec != std::errc() || end != digits.data() + digits.size()) {
      pos_ = start;
      fail("the value '" + shown(text) + "' is not a number (a float, NaN, +Inf or -Inf)");
    }
    return out;
  }

  std::int64_t timestamp() {
    const std::size_t start = pos_;
    const std::string_view text = token();
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size()) {
      pos_ = start;
      fail("the timestamp '" + shown(text) + "' is not whole milliseconds since the epoch");
    }
    return out;
  }

 private:
  std::string_view line_;
  std::size_t number_;
  const PrometheusTextLimits& limits_;
  std::size_t pos_ = 0;
};

// The page's families: # TYPE lines by name, and the names whose samples were seen (a later # TYPE for
// one of them is an error, as in Prometheus' own parser).
class Families {
 public:
  void declare(LineReader& line, const std::string& name, std::string_view type) {
    bool known = false;
    for (const auto t : kTypes) known = known || t == type;
    if (!known) line.fail("unknown metric type '" + shown(type) + "' (counter, gauge, histogram, summary or untyped)");
    if (types_.count(name)) line.fail("a second # TYPE line for '" + name + "'");
    if (sampled_.count(name)) line.fail("# TYPE for '" + name + "' comes after its samples; it must come first");
    types_.emplace(name, std::string(type));
  }

  std::string type_of(const std::string& metric) {
    sampled_.insert(metric);
    if (auto it = types_.find(metric); it != types_.end()) return it->second;
    for (const std::string_view suffix : {"_bucket", "_sum", "_count"}) {
      if (metric.size() <= suffix.size() || metric.compare(metric.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string family = metric.substr(0, metric.size() - suffix.size());
      sampled_.insert(family);
      auto it = types_.find(family);
      if (it == types_.end()) continue;
      if (it->second == "histogram" || (it->second == "summary" && suffix != "_bucket")) return it->second;
    }
    return "untyped";
  }

 private:
  std::map<std::string, std::string> types_;
  std::set<std::string> sampled_;
};

void read_comment(LineReader& line, Families& families) {
  line.token();  // '#'
  line.skip_blanks();
  const std::string_view keyword = line.token();
  if (keyword != "TYPE") return;  // # HELP and free comments carry nothing kept
  line.skip_blanks();
  const std::string name = line.name(true, "metric name");
  line.skip_blanks();
  const std::string_view type = line.token();
  line.skip_blanks();
  if (!line.at_end()) line.fail("unexpected text after the type: '" + shown(line.rest()) + "'");
  families.declare(line, name, type);
}

PrometheusSample read_sample(LineReader& line, Families& families) {
  PrometheusSample sample;
  sample.metric = line.name(true, "metric name");
  const bool blank_after_name = blank(line.peek());
  line.skip_blanks();
  if (line.peek() == '{') {
    sample.labels = line.labels();
    if (!line.at_end() && !blank(line.peek())) line.fail("expected a blank before the value, found '" + shown(line.rest()) + "'");
    line.skip_blanks();
  } else if (!blank_after_name && !line.at_end()) {
    line.fail("expected a blank or '{' after the metric name, found '" + shown(line.rest()) + "'");
  }
  sample.value = line.value();
  line.skip_blanks();
  if (!line.at_end()) sample.timestamp_ms = line.timestamp();
  line.skip_blanks();
  if (!line.at_end()) line.fail("unexpected text after the sample: '" + shown(line.rest()) + "'");
  sample.type = families.type_of(sample.metric);
  return sample;
}

}  // namespace

std::vector<PrometheusSample> parse_prometheus_text(std::string_view page, const PrometheusTextLimits& limits) {
  if (page.size() > limits.max_page_bytes)
    throw PrometheusTextError("the page has " + std::to_string(page.size()) + " bytes, more than the " +
                              std::to_string(limits.max_page_bytes) + " allowed");
  std::vector<PrometheusSample> out;
  Families families;
  std::size_t number = 0;
  while (!page.empty()) {
    const std::size_t eol = page.find('\n');
    std::string_view text = page.substr(0, eol);
    page.remove_prefix(eol == std::string_view::npos ? page.size() : eol + 1);
    ++number;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);  // written on Windows; harmless
    LineReader line(text, number, limits);
    line.skip_blanks();
    if (line.at_end()) continue;
    if (line.peek() == '#') {
      read_comment(line, families);
      continue;
    }
    if (out.size() == limits.max_samples)
      line.fail("more than " + std::to_string(limits.max_samples) + " samples on the page");
    out.push_back(read_sample(line, families));
  }
  return out;
}

}  // namespace netkeel
