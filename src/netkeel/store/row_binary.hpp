#pragma once
// ClickHouse's RowBinary format, both ways: netkeel inserts and reads rows in it, so doubles (NaN, -0.0,
// subnormals) travel bit-exact and no text escaping or float printing is involved. Little-endian fixed-size
// numbers; a String is a LEB128 length and bytes; an Array is a LEB128 count and its elements; a Date is
// UInt16 days since 1970-01-01. Pure.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::store {

class RowBinaryWriter {
 public:
  template <typename Number>
  void number(Number value) {
    char bytes[sizeof(Number)];
    std::memcpy(bytes, &value, sizeof(Number));  // x86-64 and aarch64 Linux are little-endian, like the format
    out_.append(bytes, sizeof(Number));
  }
  void string(std::string_view text);
  void string_array(const std::vector<std::string_view>& items);
  void date_of(std::int64_t timestamp_ms);  // the UTC day of the timestamp, clamped to Date's range

  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }
  void reserve(std::size_t n) { out_.reserve(n); }

 private:
  std::string out_;
};

// Reads a RowBinary answer; throws RuntimeError naming `what` (the query's purpose) when it ends early.
class RowBinaryReader {
 public:
  RowBinaryReader(std::string_view data, std::string what) : data_(data), what_(std::move(what)) {}

  bool at_end() const { return offset_ >= data_.size(); }
  template <typename Number>
  Number number() {
    need(sizeof(Number));
    Number value;
    std::memcpy(&value, data_.data() + offset_, sizeof(Number));
    offset_ += sizeof(Number);
    return value;
  }
  std::string string();
  std::vector<std::string> string_array();
  std::vector<double> float64_array();

 private:
  std::uint64_t varint();
  void need(std::size_t n) const;

  std::string_view data_;
  std::size_t offset_ = 0;
  std::string what_;
};

// Days since 1970-01-01 of a millisecond timestamp, clamped to ClickHouse's Date range [0, 65535].
std::uint16_t clickhouse_day(std::int64_t timestamp_ms);

}  // namespace netkeel::store
