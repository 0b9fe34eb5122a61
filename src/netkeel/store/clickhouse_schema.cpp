#include "netkeel/store/clickhouse_schema.hpp"

namespace netkeel::store {

std::vector<std::string> clickhouse_schema(const std::string& database) {
  const std::string db = database + ".";
  return {
      "CREATE DATABASE IF NOT EXISTS " + database,
      // One row per sample, read per series in time order. ReplacingMergeTree: a sample written twice
      // (a batch retried after a partly failed write) collapses to one row on merge; raw reads drop
      // the not-yet-merged twins.
      "CREATE TABLE IF NOT EXISTS " + db + clickhouse_samples_table +
          " (date Date, series_id UInt64, t Int64, value Float64)"
          " ENGINE = ReplacingMergeTree PARTITION BY toYYYYMMDD(date) ORDER BY (series_id, t)",
      // The series catalog: series_id is a 64-bit hash of the canonical key (series_hash.hpp).
      "CREATE TABLE IF NOT EXISTS " + db + clickhouse_series_table +
          " (series_id UInt64, metric String, label_names Array(String), label_values Array(String))"
          " ENGINE = ReplacingMergeTree ORDER BY (metric, series_id)",
      "CREATE TABLE IF NOT EXISTS " + db + clickhouse_events_table +
          " (date Date, t Int64, host String, kind String, text String)"
          " ENGINE = ReplacingMergeTree PARTITION BY toYYYYMMDD(date) ORDER BY (t, host, kind, text)",
      // Batch ids seen, for idempotent writes; the day partition is that of the batch's newest timestamp.
      "CREATE TABLE IF NOT EXISTS " + db + clickhouse_batches_table +
          " (date Date, agent_host String, sequence UInt64, newest_t Int64)"
          " ENGINE = MergeTree PARTITION BY toYYYYMMDD(date) ORDER BY (agent_host, sequence)",
      // One row per batch with a timestamp; merges keep each host's newest, reads take max().
      "CREATE TABLE IF NOT EXISTS " + db + clickhouse_hosts_table +
          " (host String, last_seen Int64) ENGINE = ReplacingMergeTree(last_seen) ORDER BY host",
  };
}

}  // namespace netkeel::store
