#include "netkeel/store/sql_literal.hpp"

namespace netkeel::store {
namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

template <typename T>
std::string typed_array(const std::vector<T>& values, const char* type) {
  std::string out = "CAST([";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
  out += "] AS Array(";
  out += type;
  out += "))";
  return out;
}

}  // namespace

std::string sql_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += hex_digits[byte >> 4];
      out += hex_digits[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string sql_uint64_array(const std::vector<std::uint64_t>& values) { return typed_array(values, "UInt64"); }
std::string sql_uint32_array(const std::vector<std::uint32_t>& values) { return typed_array(values, "UInt32"); }

std::string url_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += hex_digits[byte >> 4];
      out += hex_digits[byte & 0xf];
    }
  }
  return out;
}

}  // namespace netkeel::store
