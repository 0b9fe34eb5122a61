#include "netkeel/store/sqlite_schema.hpp"

#include <string_view>

namespace netkeel::store {

const char* const sqlite_schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series(
  id INTEGER PRIMARY KEY, metric TEXT NOT NULL, labels BLOB NOT NULL, key TEXT NOT NULL UNIQUE);
-- A rowid table, not WITHOUT ROWID: a WITHOUT ROWID row keeps only ~1 KB in its page and spills the
-- rest of a chunk's blob to an overflow page of its own, which tripled the file in the benchmark.
CREATE TABLE IF NOT EXISTS chunks(
  chunk_id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, start_ts INTEGER NOT NULL,
  end_ts INTEGER NOT NULL, count INTEGER NOT NULL, summary BLOB, restarts BLOB, data BLOB NOT NULL);
-- The summary in the index: the probe matrix reads a counter chunk's summary from the index alone.
CREATE INDEX IF NOT EXISTS chunks_by_series ON chunks(series_id, start_ts, end_ts, summary);
CREATE TABLE IF NOT EXISTS head_log(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS batches(
  agent_host TEXT NOT NULL, sequence INTEGER NOT NULL, newest_ts INTEGER NOT NULL,
  PRIMARY KEY(agent_host, sequence)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hosts(host TEXT PRIMARY KEY, last_seen_ts INTEGER NOT NULL) WITHOUT ROWID;
-- Series per agent host, for the --max-series-per-host limit (series stored before this table existed
-- count for nobody).
CREATE TABLE IF NOT EXISTS host_series(agent_host TEXT PRIMARY KEY, series INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events(
  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, host TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_ts ON events(ts);
CREATE TABLE IF NOT EXISTS rollups(
  resolution_ms INTEGER NOT NULL, series_id INTEGER NOT NULL, bucket_ts INTEGER NOT NULL,
  count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  last REAL NOT NULL, last_ts INTEGER NOT NULL,
  PRIMARY KEY(resolution_ms, series_id, bucket_ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_state(
  resolution_ms INTEGER PRIMARY KEY, rolled_up_until INTEGER NOT NULL, retained_from INTEGER NOT NULL);
)sql";

void set_sqlite_meta(SqliteDatabase& db, const char* key, std::int64_t value) {
  auto s = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
  s.bind(1, std::string_view(key)).bind(2, value);
  s.run();
}

void migrate_sqlite_schema_from_version_1(SqliteDatabase& db) {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(
        "ALTER TABLE chunks ADD COLUMN summary BLOB;"
        "ALTER TABLE chunks ADD COLUMN restarts BLOB;"
        "DROP INDEX chunks_by_series;"
        "CREATE INDEX chunks_by_series ON chunks(series_id, start_ts, end_ts, summary);");
    set_sqlite_meta(db, "schema_version", sqlite_schema_version);
    db.exec("COMMIT");
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (...) {  // nothing to undo
    }
    throw;
  }
}

}  // namespace netkeel::store
