#pragma once
// Scope guards for the embedded store's reads: a statement reset however its scope ends, a read
// transaction, and SQLite interrupting a statement once a query's deadline has passed.
#include "netkeel/core/error.hpp"
#include "netkeel/store/query_deadline.hpp"
#include "netkeel/store/sqlite_database.hpp"

namespace netkeel::store {

// Resets a statement however its scope ends, so an error thrown between two steps (a corrupt chunk) does
// not leave the statement mid-query for the next caller.
class ResetOnExit {
 public:
  explicit ResetOnExit(SqliteStatement& statement) : statement_(statement) {}
  ~ResetOnExit() { statement_.reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  SqliteStatement& statement_;
};

// While alive (under the mutex), SQLite interrupts any statement once the deadline has passed.
class InterruptAtDeadline {
 public:
  InterruptAtDeadline(SqliteDatabase& db, const QueryDeadline& deadline);
  ~InterruptAtDeadline();
  InterruptAtDeadline(const InterruptAtDeadline&) = delete;
  InterruptAtDeadline& operator=(const InterruptAtDeadline&) = delete;

 private:
  SqliteDatabase& db_;
};

// Runs `read`; a SQLite error that the deadline caused (the statement was interrupted) becomes QueryTimedOut.
template <typename Read>
auto read_before(const QueryDeadline& deadline, const char* what, Read read) {
  try {
    return read();
  } catch (const RuntimeError&) {
    deadline.check(what);
    throw;
  }
}

// One snapshot, and one lock, for all the statements of a query instead of one per statement.
class ReadTransaction {
 public:
  explicit ReadTransaction(SqliteDatabase& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  SqliteDatabase& db_;
};

}  // namespace netkeel::store
