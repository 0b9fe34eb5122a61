#pragma once
// Opens the store named by a `--store` value: sqlite:PATH (the embedded default).
#include <memory>
#include <string_view>

#include "netkeel/store/sqlite_store.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::store {

// Throws UsageError naming the value and the accepted forms when it is not one of them,
// RuntimeError when the store cannot be opened.
std::unique_ptr<Store> open_store(std::string_view spec, const SqliteStoreOptions& sqlite_options = {});

}  // namespace netkeel::store
