#include "netkeel/store/clickhouse_queries.hpp"

#include <fmt/format.h>

#include "netkeel/store/clickhouse_schema.hpp"
#include "netkeel/store/row_binary.hpp"
#include "netkeel/store/sql_literal.hpp"

namespace netkeel::store::clickhouse_sql {
namespace {

// The last day whose 'YYYY-MM-DD' 18.16 parses (later strings become 0000-00-00), though a Date holds
// days up to 2149-06-06.
constexpr std::int64_t last_parsable_day = 49672;  // 2105-12-31

// 'YYYY-MM-DD' of a day number (Howard Hinnant's civil_from_days; day >= 0).
std::string date_literal(std::int64_t day) {
  const std::int64_t z = day + 719468;
  const std::int64_t era = z / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day_of_month = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("'{:04}-{:02}-{:02}'", year, month, day_of_month);
}

// The window on t, and the same on `date` (the partition key) as the days the bounds are filed under
// (clickhouse_day: UTC, clamped as the inserted `date` is): a row's date follows from its t, so the date
// bounds change no answer, but they let ClickHouse skip every day partition outside the window (with
// series_id IN (...), 18.16 cannot narrow t by the key). String literals, because 18.16 refuses to
// compare a Date with a number; a bound past 2105-12-31 is left out (18.16 cannot parse it).
std::string in_window(TimestampMs start_ms, TimestampMs end_ms) {
  std::string out;
  const std::int64_t first_day = clickhouse_day(start_ms);
  const std::int64_t last_day = clickhouse_day(end_ms);
  if (first_day <= last_parsable_day) out += "date >= " + date_literal(first_day) + " AND ";
  if (last_day <= last_parsable_day) out += "date <= " + date_literal(last_day) + " AND ";
  return out + fmt::format("t >= {} AND t <= {}", start_ms, end_ms);
}

std::string id_list(const std::vector<std::uint64_t>& ids) {
  std::string out = "(";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + ")";
}

// The window's samples of the series: columns series_id, t, value. Twins are not collapsed here: a
// GROUP BY (series_id, t) cost ClickHouse 18.16 seconds for the 50 x 50 matrix (docs/store.md).
std::string window_samples(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                           TimestampMs end_ms) {
  return fmt::format("SELECT series_id, t, value FROM {}.{} WHERE series_id IN {} AND {}", db,
                     clickhouse_samples_table, id_list(ids), in_window(start_ms, end_ms));
}

}  // namespace

std::string batch_seen(const std::string& db, const BatchId& id) {
  return fmt::format("SELECT toUInt64(count() > 0) FROM {}.{} WHERE agent_host = {} AND sequence = {} FORMAT RowBinary",
                     db, clickhouse_batches_table, sql_string(id.agent_host), id.sequence);
}

std::string series_of_metrics(const std::string& db, const std::vector<std::string>& metrics) {
  std::string where;
  if (!metrics.empty()) {
    where = " WHERE metric IN (";
    for (std::size_t i = 0; i < metrics.size(); ++i) where += (i > 0 ? "," : "") + sql_string(metrics[i]);
    where += ")";
  }
  return fmt::format("SELECT series_id, any(metric), any(label_names), any(label_values) FROM {}.{}{} "
                     "GROUP BY series_id FORMAT RowBinary",
                     db, clickhouse_series_table, where);
}

std::string raw_samples(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                        TimestampMs end_ms) {
  return fmt::format("SELECT series_id, t, value FROM {}.{} WHERE series_id IN {} AND {} ORDER BY series_id, t "
                     "FORMAT RowBinary",
                     db, clickhouse_samples_table, id_list(ids), in_window(start_ms, end_ms));
}

std::string step_summaries(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                           TimestampMs end_ms, std::int64_t step_ms) {
  return fmt::format(
      "SELECT series_id, toInt64(intDiv(t - {0}, {1})) AS bucket, toUInt64(count()), toFloat64(sum(value)), "
      "toFloat64(min(value)), toFloat64(max(value)), toFloat64(argMax(value, t)), toInt64(max(t)) "
      "FROM ({2}) WHERE NOT isNaN(value) GROUP BY series_id, bucket ORDER BY series_id, bucket FORMAT RowBinary",
      start_ms, step_ms, window_samples(db, ids, start_ms, end_ms));
}

std::string latest_samples(const std::string& db, const std::vector<std::uint64_t>& ids) {
  return fmt::format("SELECT series_id, toFloat64(argMax(value, t)), toInt64(max(t)) FROM {}.{} "
                     "WHERE series_id IN {} GROUP BY series_id FORMAT RowBinary",
                     db, clickhouse_samples_table, id_list(ids));
}

std::string window_rows(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                        TimestampMs end_ms) {
  return window_samples(db, ids, start_ms, end_ms) + " FORMAT RowBinary";
}

std::string hosts(const std::string& db) {
  return fmt::format("SELECT host, toInt64(max(last_seen)) FROM {}.{} GROUP BY host ORDER BY host FORMAT RowBinary",
                     db, clickhouse_hosts_table);
}

std::string size_bytes(const std::string& db) {
  return fmt::format("SELECT toUInt64(sum(bytes_on_disk)) FROM system.parts WHERE database = '{}' AND active "
                     "FORMAT RowBinary",
                     db);
}

std::string events(const std::string& db, TimestampMs start_ms, TimestampMs end_ms,
                   const std::optional<std::string>& host, const std::optional<std::string>& kind, std::uint64_t skip,
                   std::uint64_t count) {
  std::string filters;
  if (host) filters += " AND host = " + sql_string(*host);
  if (kind) filters += " AND kind = " + sql_string(*kind);
  return fmt::format("SELECT DISTINCT t, host, kind, text FROM {}.{} WHERE {}{} ORDER BY t, host, kind, text "
                     "LIMIT {}, {} FORMAT RowBinary",
                     db, clickhouse_events_table, in_window(start_ms, end_ms), filters, skip, count);
}

std::string sample_count(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                         TimestampMs end_ms) {
  return fmt::format("SELECT toUInt64(count()) FROM {}.{} WHERE series_id IN {} AND {} FORMAT RowBinary", db,
                     clickhouse_samples_table, id_list(ids), in_window(start_ms, end_ms));
}

std::string day_partitions(const std::string& db) {
  std::string tables;
  for (const char* table : clickhouse_partitioned_tables) tables += (tables.empty() ? "" : ",") + sql_string(table);
  return fmt::format("SELECT table, partition, toUInt64(count()), toUInt64(sum(rows)) FROM system.parts "
                     "WHERE database = {} AND active AND table IN ({}) GROUP BY table, partition "
                     "ORDER BY table, partition FORMAT RowBinary",
                     sql_string(db), tables);
}

std::string drop_partition(const std::string& db, const std::string& table, const std::string& partition) {
  // toYYYYMMDD partitions are named by their number: the partition expression is that number.
  return fmt::format("ALTER TABLE {}.{} DROP PARTITION {}", db, table, partition);
}

}  // namespace netkeel::store::clickhouse_sql
