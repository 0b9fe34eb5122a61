#include "netkeel/store/clickhouse_queries.hpp"

#include <fmt/format.h>

#include "netkeel/store/clickhouse_schema.hpp"
#include "netkeel/store/sql_literal.hpp"

namespace netkeel::store::clickhouse_sql {
namespace {

std::string in_window(TimestampMs start_ms, TimestampMs end_ms) {
  return fmt::format("t >= {} AND t <= {}", start_ms, end_ms);
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

std::string counter_increases(const std::string& db, const std::vector<std::uint64_t>& ids, TimestampMs start_ms,
                              TimestampMs end_ms) {
  // Values in time order (tuples sort by t first); twins (same t, same value) add a rise of 0, so the
  // rows need no collapsing first.
  return fmt::format(
      "SELECT series_id, toFloat64(arraySum(arrayMap((v, p) -> if(v >= p, v - p, v), "
      "arrayPopFront(vs), arrayPopBack(vs)))) FROM (SELECT series_id, "
      "arrayMap(x -> tupleElement(x, 2), arraySort(groupArray((t, value)))) AS vs FROM {}.{} "
      "WHERE series_id IN {} AND {} AND NOT isNaN(value) GROUP BY series_id) FORMAT RowBinary",
      db, clickhouse_samples_table, id_list(ids), in_window(start_ms, end_ms));
}

std::string percentile_expression(const std::string& sorted, double q) {
  // rank = q * (n - 1); sorted[floor(rank)] + (sorted[floor(rank) + 1] - sorted[floor(rank)]) * (rank - floor(rank)),
  // with 1-based arrays and the upper index clamped to n: the same IEEE operations as percentile().
  const std::string rank = fmt::format("({} * toFloat64(length({}) - 1))", q, sorted);
  const std::string below = fmt::format("toUInt64(floor({}))", rank);
  return fmt::format("({0}[{1} + 1] + ({0}[least({1} + 2, length({0}))] - {0}[{1} + 1]) * ({2} - floor({2})))",
                     sorted, below, rank);
}

std::string pooled_percentiles(const std::string& db, const std::vector<std::uint64_t>& ids,
                               const std::vector<std::uint32_t>& groups, TimestampMs start_ms, TimestampMs end_ms) {
  return fmt::format(
      "SELECT grp, toFloat64({0}), toFloat64({1}) FROM (SELECT transform(series_id, {2}, {3}, toUInt32(0)) AS grp, "
      "arraySort(groupArray(value)) AS sorted FROM ({4}) WHERE NOT isNaN(value) GROUP BY grp) FORMAT RowBinary",
      percentile_expression("sorted", 0.5), percentile_expression("sorted", 0.99), sql_uint64_array(ids),
      sql_uint32_array(groups), window_samples(db, ids, start_ms, end_ms));
}

std::string hosts(const std::string& db) {
  return fmt::format("SELECT host, toInt64(max(last_seen)) FROM {}.{} GROUP BY host ORDER BY host FORMAT RowBinary",
                     db, clickhouse_hosts_table);
}

std::string events(const std::string& db, TimestampMs start_ms, TimestampMs end_ms) {
  return fmt::format("SELECT DISTINCT t, host, kind, text FROM {}.{} WHERE {} ORDER BY t, host, kind, text "
                     "FORMAT RowBinary",
                     db, clickhouse_events_table, in_window(start_ms, end_ms));
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
