#include "netkeel/store/sqlite_read_guards.hpp"

namespace netkeel::store {
namespace {

int deadline_passed(void* deadline) { return static_cast<const QueryDeadline*>(deadline)->passed() ? 1 : 0; }

}  // namespace

InterruptAtDeadline::InterruptAtDeadline(SqliteDatabase& db, const QueryDeadline& deadline) : db_(db) {
  db_.set_progress_handler(1000, &deadline_passed, const_cast<QueryDeadline*>(&deadline));
}

InterruptAtDeadline::~InterruptAtDeadline() { db_.set_progress_handler(0, nullptr, nullptr); }

ReadTransaction::ReadTransaction(SqliteDatabase& db) : db_(db) { db_.exec("BEGIN"); }

ReadTransaction::~ReadTransaction() {
  try {
    db_.exec("COMMIT");
  } catch (...) {  // a read-only transaction has nothing to lose; make sure it ends
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // none was open
    }
  }
}

}  // namespace netkeel::store
