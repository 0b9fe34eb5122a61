#include "netkeel/store/store_factory.hpp"

#include <string>

#include "netkeel/core/error.hpp"

namespace netkeel::store {

std::unique_ptr<Store> open_store(std::string_view spec, const SqliteStoreOptions& sqlite_options) {
  constexpr std::string_view sqlite_prefix = "sqlite:";
  if (spec.starts_with(sqlite_prefix)) {
    const std::string path(spec.substr(sqlite_prefix.size()));
    if (path.empty()) {
      throw UsageError("--store sqlite: needs a file path, e.g. --store sqlite:/var/lib/netkeel/store.db");
    }
    return std::make_unique<SqliteStore>(path, sqlite_options);
  }
  throw UsageError("--store " + std::string(spec) +
                   ": unknown store; use sqlite:PATH (e.g. sqlite:/var/lib/netkeel/store.db)");
}

}  // namespace netkeel::store
