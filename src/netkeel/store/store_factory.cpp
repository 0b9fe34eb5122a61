#include "netkeel/store/store_factory.hpp"

#include <string>

#include "netkeel/core/error.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::store {

std::unique_ptr<Store> open_store(std::string_view spec, const SqliteStoreOptions& sqlite_options,
                                  const ClickHouseStoreOptions& clickhouse_options) {
  constexpr std::string_view sqlite_prefix = "sqlite:";
  constexpr std::string_view clickhouse_prefix = "clickhouse://";
  if (spec.starts_with(sqlite_prefix)) {
    const std::string path(spec.substr(sqlite_prefix.size()));
    if (path.empty()) {
      throw UsageError("--store sqlite: needs a file path, e.g. --store sqlite:/var/lib/netkeel/store.db");
    }
    return std::make_unique<SqliteStore>(path, sqlite_options);
  }
  if (spec.starts_with(clickhouse_prefix)) {
    return std::make_unique<ClickHouseStore>(parse_clickhouse_url(spec), std::make_shared<http::CurlHttpClient>(),
                                             clickhouse_options);
  }
  throw UsageError("--store " + std::string(spec) +
                   ": unknown store; use sqlite:PATH (e.g. sqlite:/var/lib/netkeel/store.db) or "
                   "clickhouse://HOST:PORT/DB (e.g. clickhouse://127.0.0.1:8123/netkeel)");
}

}  // namespace netkeel::store
