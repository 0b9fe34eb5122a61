#include "netkeel/server/series_selector_text.hpp"

#include <cctype>

#include "netkeel/server/bad_request.hpp"
#include "netkeel/store/series.hpp"

namespace netkeel::server {
namespace {

class SelectorReader {
 public:
  explicit SelectorReader(std::string_view text) : text_(text) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw BadRequest("selector '" + std::string(text_) + "' at character " + std::to_string(at_ + 1) + ": " + why);
  }
  void skip_spaces() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  bool done() const { return at_ >= text_.size(); }
  bool take(char c) {
    if (done() || text_[at_] != c) return false;
    ++at_;
    return true;
  }
  bool take(std::string_view token) {
    if (!text_.substr(at_).starts_with(token)) return false;
    at_ += token.size();
    return true;
  }
  std::string name(bool metric) {
    const std::size_t start = at_;
    const auto is_name_char = [&](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (metric && c == ':');
    };
    while (!done() && is_name_char(text_[at_])) ++at_;
    return std::string(text_.substr(start, at_ - start));
  }
  std::string quoted() {
    if (done() || (text_[at_] != '"' && text_[at_] != '\'' && text_[at_] != '`')) {
      fail("expected a quoted value: write label=\"value\"");
    }
    const char quote = text_[at_++];
    std::string value;
    while (!done() && text_[at_] != quote) {
      char c = text_[at_++];
      if (c == '\\' && quote != '`') {
        if (done()) break;
        const char escaped = text_[at_++];
        switch (escaped) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case '\\': case '"': case '\'': c = escaped; break;
          default: --at_; fail(std::string("unknown escape \\") + escaped + ": use \\\\, \\\", \\n or \\t");
        }
      }
      value += c;
    }
    if (!take(quote)) fail(std::string("the value has no closing ") + quote + ": close the quote");
    return value;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

SeriesSelectorText parse_series_selector_text(std::string_view text) {
  SelectorReader reader(text);
  SeriesSelectorText selector;
  reader.skip_spaces();
  selector.metric = reader.name(true);
  if (!store::is_valid_metric_name(selector.metric)) {
    reader.fail("expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), e.g. netkeel_probe_sent_total{src=\"n1\"}");
  }
  reader.skip_spaces();
  if (reader.take('{')) {
    reader.skip_spaces();
    while (!reader.take('}')) {
      const std::string label = reader.name(false);
      if (!store::is_valid_label_name(label)) {
        reader.fail("expected a label name ([a-zA-Z_][a-zA-Z0-9_]*) or '}'");
      }
      reader.skip_spaces();
      std::string op;
      for (const char* candidate : {"=~", "!~", "!=", "="}) {
        if (reader.take(std::string_view(candidate))) {
          op = candidate;
          break;
        }
      }
      if (op.empty()) reader.fail("expected =, !=, =~ or !~ after label '" + label + "'");
      reader.skip_spaces();
      selector.matchers.push_back(label + op + reader.quoted());
      reader.skip_spaces();
      if (reader.take(',')) {
        reader.skip_spaces();
      } else if (!reader.take('}')) {
        reader.fail("expected ',' or '}' after the value of '" + label + "'");
      } else {
        break;
      }
    }
  }
  reader.skip_spaces();
  if (!reader.done()) reader.fail("unexpected text after the selector: write METRIC or METRIC{label=\"value\", ...}");
  return selector;
}

}  // namespace netkeel::server
