#pragma once
// The SQL text of every statement the ClickHouse store sends, built from typed inputs (names are
// validated identifiers, strings go through sql_string, the rest are numbers). Every SELECT answers in
// RowBinary with the column types its comment states. SQL that ClickHouse 18.16 and current releases both
// run (no window functions, no quantileExactInclusive, no Nullable). Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/store/batch.hpp"

namespace netkeel::store::clickhouse_sql {

// -> UInt64: 1 when the batch id was stored before, else 0.
std::string batch_seen(const std::string& db, const BatchId& id);

// -> series_id UInt64, metric String, label_names Array(String), label_values Array(String); each series
// once. An empty `metrics` selects every series.
std::string series_of_metrics(const std::string& db, const std::vector<std::string>& metrics);

// -> series_id UInt64, t Int64, value Float64, ordered by (series_id, t); a not-yet-merged twin of a row
// may follow it (same series_id and t).
std::string raw_samples(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                        TimestampMs end_ms);

// One row per non-empty step bucket, NaN skipped (twins not merged yet count twice) ->
// series_id UInt64, bucket Int64 (index from start), count UInt64, sum Float64, min Float64, max Float64,
// last Float64, last_t Int64; ordered by (series_id, bucket).
std::string step_summaries(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                           TimestampMs end_ms, std::int64_t step_ms);

// -> series_id UInt64, value Float64, t Int64: each series' newest sample.
std::string latest_samples(const std::string& db, const std::vector<std::uint64_t>& ids);

// The window's samples in no particular order -> series_id UInt64, t Int64, value Float64 (twins not
// merged yet included). Unsorted: ORDER BY made 18.16 sort every row; the probe matrix groups them itself.
std::string window_rows(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                        TimestampMs end_ms);

// -> host String, last_seen Int64, sorted by host.
std::string hosts(const std::string& db);
std::string size_bytes(const std::string& db);  // the database's active parts on disk

// -> t Int64, host String, kind String, text String: distinct events in [start, end] (of the host and kind,
// when given) by time, then host, kind and text; `count` of them after the first `skip`.
std::string events(const std::string& db, TimestampMs start_ms, TimestampMs end_ms,
                   const std::optional<std::string>& host, const std::optional<std::string>& kind, std::uint64_t skip,
                   std::uint64_t count);

// -> UInt64: the samples of the series in [start, end] (twins not merged yet counted twice).
std::string sample_count(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                         TimestampMs end_ms);

// -> table String, partition String, parts UInt64, rows UInt64: the active day partitions of netkeel's tables.
std::string day_partitions(const std::string& db);

std::string drop_partition(const std::string& db, const std::string& table, const std::string& partition);

}  // namespace netkeel::store::clickhouse_sql
