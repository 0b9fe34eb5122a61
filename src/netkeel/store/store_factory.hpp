#pragma once
// Opens the store named by a `--store` value: sqlite:PATH (the embedded default) or
// clickhouse://HOST:PORT/DB (ClickHouse's HTTP interface; docs/store.md).
#include <memory>
#include <string_view>

#include "netkeel/store/clickhouse_store.hpp"
#include "netkeel/store/sqlite_store.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::store {

// Throws UsageError naming the value and the accepted forms when it is not one of them,
// RuntimeError when the store cannot be opened.
std::unique_ptr<Store> open_store(std::string_view spec, const SqliteStoreOptions& sqlite_options = {},
                                  const ClickHouseStoreOptions& clickhouse_options = {});

}  // namespace netkeel::store
