#include "netkeel/render/json_writer.hpp"

#include <fmt/format.h>

#include "netkeel/core/json_string.hpp"

namespace netkeel::render {

void JsonWriter::newline_and_indent() {
  out_ += '\n';
  out_.append(2 * counts_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;
  if (counts_.back()++ > 0) out_ += ',';
  newline_and_indent();
}

void JsonWriter::key(std::string_view name) {
  if (counts_.back()++ > 0) out_ += ',';
  newline_and_indent();
  quoted(name);
  out_ += ": ";
  after_key_ = true;
}

void JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  counts_.push_back(0);
}

void JsonWriter::close(char bracket) {
  const size_t n = counts_.back();
  counts_.pop_back();
  if (n > 0) newline_and_indent();
  out_ += bracket;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  quoted(text);
}

void JsonWriter::value(int64_t number) {
  before_value();
  fmt::format_to(std::back_inserter(out_), "{}", number);
}

void JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::quoted(std::string_view text) { core::append_json_string(out_, text); }

}  // namespace netkeel::render
