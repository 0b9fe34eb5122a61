#pragma once
// Values spliced into ClickHouse SQL text. Strings are the only user-controlled text netkeel puts in a
// query (metric names, label values, hosts); everything else is a number it formats itself. Pure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::store {

// 'text' with \ and ' escaped and control bytes as \xHH: the same literal on ClickHouse 18.16 and current.
std::string sql_string(std::string_view text);

// [1,2,3] as an Array(UInt64) / Array(UInt32) literal (CAST, so an empty or small-valued list keeps its type).
std::string sql_uint64_array(const std::vector<std::uint64_t>& values);
std::string sql_uint32_array(const std::vector<std::uint32_t>& values);

// Percent-encodes a URL query parameter value (RFC 3986 unreserved characters stay).
std::string url_encode(std::string_view text);

}  // namespace netkeel::store
