#pragma once
// The tables of the embedded store's SQLite file (docs/store.md, "Schema") and the migration of older
// files to them.
#include <cstdint>

#include "netkeel/store/sqlite_database.hpp"

namespace netkeel::store {

// 2 added chunks.summary (also in the chunk index) and chunks.restarts; a version 1 file is migrated on open.
inline constexpr std::int64_t sqlite_schema_version = 2;

// CREATE TABLE / CREATE INDEX ... IF NOT EXISTS for every table, as one script.
extern const char* const sqlite_schema_sql;

// Sets meta.KEY to VALUE (inside the caller's transaction, if any).
void set_sqlite_meta(SqliteDatabase& db, const char* key, std::int64_t value);

// Brings a version 1 file to the current version in one transaction: chunks written by version 1 keep a
// NULL summary and are decoded when read; new chunks get one.
void migrate_sqlite_schema_from_version_1(SqliteDatabase& db);

}  // namespace netkeel::store
