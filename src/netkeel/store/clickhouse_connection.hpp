#pragma once
// Statements to one ClickHouse server over its HTTP interface (POST /): a query's text is the request
// body, an INSERT's text goes in the URL and its RowBinary rows in the body. Errors name the server, the
// statement's purpose and ClickHouse's own message.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "netkeel/http/http_client.hpp"
#include "netkeel/store/clickhouse_endpoint.hpp"

namespace netkeel::store {

class ClickHouseConnection {
 public:
  ClickHouseConnection(ClickHouseEndpoint endpoint, std::shared_ptr<http::HttpClient> client,
                       std::chrono::milliseconds timeout);

  // Runs `sql` and returns the answer's body (in the FORMAT the statement names). `what` says what the
  // statement is for, for error messages. Throws RuntimeError when the server is unreachable or refuses.
  std::string query(const std::string& sql, std::string_view what);
  // The same, given up after `limit` (and less than the connection's timeout): ClickHouse stops the query at
  // max_execution_time, the HTTP request times out at the limit.
  std::string query(const std::string& sql, std::string_view what, std::chrono::milliseconds limit);

  // INSERT INTO <table> FORMAT RowBinary with `rows` as the data.
  void insert_row_binary(std::string_view table, std::string rows, std::string_view what);

  const ClickHouseEndpoint& endpoint() const { return endpoint_; }

 private:
  std::string send(std::string url, std::string body, std::string_view what, std::chrono::milliseconds timeout);

  ClickHouseEndpoint endpoint_;
  std::shared_ptr<http::HttpClient> client_;
  std::chrono::milliseconds timeout_;
};

}  // namespace netkeel::store
