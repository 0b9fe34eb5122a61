#include "netkeel/store/sqlite_database.hpp"

#include <sqlite3.h>

#include "netkeel/core/error.hpp"

namespace netkeel::store {

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql, const std::string& path)
    : db_(db), path_(&path) {
  check(sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement_,
                           nullptr),
        "prepare");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), statement_(other.statement_), path_(other.path_) {
  other.statement_ = nullptr;
}

void SqliteStatement::check(int rc, const char* what) const {
  if (rc != SQLITE_OK) {
    throw RuntimeError("sqlite:" + *path_ + ": " + what + " failed: " + sqlite3_errmsg(db_) +
                       (statement_ ? std::string(" (in: ") + sqlite3_sql(statement_) + ")" : std::string()));
  }
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  check(sqlite3_bind_int64(statement_, index, value), "bind");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
  check(sqlite3_bind_double(statement_, index, value), "bind");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  check(sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
  return *this;
}

SqliteStatement& SqliteStatement::bind_blob(int index, std::span<const std::uint8_t> blob) {
  // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
  static const std::uint8_t empty = 0;
  check(sqlite3_bind_blob64(statement_, index, blob.empty() ? &empty : blob.data(), blob.size(), SQLITE_STATIC),
        "bind");
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(statement_);
  throw RuntimeError("sqlite:" + *path_ + ": " + message + " (in: " + sqlite3_sql(statement_) + ")");
}

void SqliteStatement::run() {
  while (step()) {
  }
  reset();
}

void SqliteStatement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::int64_t SqliteStatement::column_int64(int index) const { return sqlite3_column_int64(statement_, index); }
double SqliteStatement::column_double(int index) const { return sqlite3_column_double(statement_, index); }

std::string SqliteStatement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, index))) : std::string();
}

std::span<const std::uint8_t> SqliteStatement::column_blob(int index) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_, index));
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, index))};
}

SqliteDatabase::SqliteDatabase(std::string path) : path_(std::move(path)) {
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    throw RuntimeError("sqlite:" + path_ + ": cannot open: " + message +
                       " (check that the directory exists and is writable)");
  }
  sqlite3_busy_timeout(db_, 5000);
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

void SqliteDatabase::exec(std::string_view sql) {
  char* error = nullptr;
  const std::string statement(sql);
  if (sqlite3_exec(db_, statement.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw RuntimeError("sqlite:" + path_ + ": " + message + " (in: " + statement + ")");
  }
}

void SqliteDatabase::set_progress_handler(int instructions, int (*handler)(void*), void* context) {
  sqlite3_progress_handler(db_, instructions, handler, context);
}

int SqliteDatabase::changes() const { return sqlite3_changes(db_); }
std::int64_t SqliteDatabase::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace netkeel::store
