#pragma once
// A streaming JSON writer with the exact layout of nlohmann::json::dump(2): two-space indent, "key": value,
// [] and {} when empty. The plan of a 1,000-host site holds millions of neighbour entries; building
// them as a nlohmann DOM first cost ~10x the time of writing them out directly.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::render {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(int64_t number);
  void value(int number) { value(static_cast<int64_t>(number)); }
  void value(uint32_t number) { value(static_cast<int64_t>(number)); }
  void value(bool flag);
  void null();

 private:
  void before_value();
  void open(char bracket);
  void close(char bracket);
  void newline_and_indent();
  void quoted(std::string_view text);

  std::string& out_;
  std::vector<size_t> counts_;  // elements written in each open container
  bool after_key_ = false;
};

}  // namespace netkeel::render
