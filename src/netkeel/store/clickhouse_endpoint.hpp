#pragma once
// Where a ClickHouse store lives: the `--store clickhouse://HOST:PORT/DB` value, parsed. Pure.
#include <string>
#include <string_view>

namespace netkeel::store {

struct ClickHouseEndpoint {
  std::string http_url;  // http://HOST:PORT, ClickHouse's HTTP interface (no trailing slash)
  std::string database;  // netkeel's tables live in this database, created when missing
  bool operator==(const ClickHouseEndpoint&) const = default;
};

// clickhouse://HOST:PORT/DB -> {http://HOST:PORT, DB}. HOST is a name, an IPv4 address or a bracketed
// IPv6 address; PORT is ClickHouse's HTTP port (8123 by default on a ClickHouse install); DB matches
// [A-Za-z_][A-Za-z0-9_]*. Throws UsageError naming the value, the part that is wrong and the expected form.
ClickHouseEndpoint parse_clickhouse_url(std::string_view url);

bool is_valid_clickhouse_identifier(std::string_view name);  // [A-Za-z_][A-Za-z0-9_]*

}  // namespace netkeel::store
