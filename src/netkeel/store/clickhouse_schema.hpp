#pragma once
// The tables netkeel creates in its ClickHouse database (docs/store.md, "ClickHouse back end"). SQL that
// ClickHouse 18.16 (Debian 12) and current releases both accept: MergeTree with PARTITION BY / ORDER BY,
// no TTL (18.16 has none; retention is Store::maintain dropping whole day partitions), no Nullable. Pure.
#include <string>
#include <vector>

namespace netkeel::store {

// Table names, without the database.
inline constexpr const char* clickhouse_samples_table = "samples";
inline constexpr const char* clickhouse_series_table = "series";
inline constexpr const char* clickhouse_events_table = "events";
inline constexpr const char* clickhouse_batches_table = "batches";
inline constexpr const char* clickhouse_hosts_table = "hosts";

// The tables that maintain() expires by day partition.
inline constexpr const char* clickhouse_partitioned_tables[] = {clickhouse_samples_table, clickhouse_events_table,
                                                                clickhouse_batches_table};

// CREATE DATABASE / CREATE TABLE ... IF NOT EXISTS, in order.
std::vector<std::string> clickhouse_schema(const std::string& database);

}  // namespace netkeel::store
