#pragma once
// A thin RAII layer over the SQLite C API: a connection and prepared statements. Every failure throws
// RuntimeError naming the database file and SQLite's message.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace netkeel::store {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql, const std::string& path);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;

  // Parameters are numbered from 1, as in SQLite.
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::string_view text);  // copied by SQLite
  SqliteStatement& bind_blob(int index, std::span<const std::uint8_t> blob);  // must outlive step()

  bool step();   // true: a row is ready; false: done
  void run();    // steps to completion and resets
  void reset();  // also clears bindings

  std::int64_t column_int64(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  std::span<const std::uint8_t> column_blob(int index) const;  // valid until the next step/reset

 private:
  void check(int rc, const char* what) const;

  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  const std::string* path_;
};

class SqliteDatabase {
 public:
  explicit SqliteDatabase(std::string path);  // opens or creates
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  void exec(std::string_view sql);  // one or more statements without parameters
  SqliteStatement prepare(std::string_view sql) { return SqliteStatement(db_, sql, path_); }
  // SQLite calls `handler` every `instructions` VM steps of a statement; a non-zero return interrupts the
  // statement (it fails with SQLITE_INTERRUPT). A null handler removes it.
  void set_progress_handler(int instructions, int (*handler)(void*), void* context);
  int changes() const;  // rows changed by the last statement
  std::int64_t last_insert_rowid() const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace netkeel::store
