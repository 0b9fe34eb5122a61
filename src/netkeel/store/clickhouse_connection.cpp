#include "netkeel/store/clickhouse_connection.hpp"

#include <algorithm>
#include <utility>

#include "netkeel/core/error.hpp"
#include "netkeel/store/sql_literal.hpp"

namespace netkeel::store {
namespace {

// Queries carry id lists (the matrix names every probe series); ClickHouse's default max_query_size of
// 256 KiB would cut them off at a few thousand series.
constexpr const char* query_settings = "max_query_size=104857600";

std::string first_line(std::string_view text) {
  const auto end = text.find('\n');
  std::string line(text.substr(0, end));
  if (line.size() > 500) line = line.substr(0, 500) + "...";
  return line;
}

}  // namespace

ClickHouseConnection::ClickHouseConnection(ClickHouseEndpoint endpoint, std::shared_ptr<http::HttpClient> client,
                                           std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), client_(std::move(client)), timeout_(timeout) {}

std::string ClickHouseConnection::query(const std::string& sql, std::string_view what) {
  return send(endpoint_.http_url + "/?" + query_settings, sql, what, timeout_);
}

std::string ClickHouseConnection::query(const std::string& sql, std::string_view what, std::chrono::milliseconds limit) {
  limit = std::clamp(limit, std::chrono::milliseconds(1), timeout_);
  // In whole seconds (18.16 takes no fraction), rounded up: the HTTP timeout cuts at the exact limit.
  const auto seconds = (limit.count() + 999) / 1000;
  return send(endpoint_.http_url + "/?" + query_settings + "&max_execution_time=" + std::to_string(seconds), sql, what,
              limit);
}

void ClickHouseConnection::insert_row_binary(std::string_view table, std::string rows, std::string_view what) {
  const std::string sql = "INSERT INTO " + endpoint_.database + "." + std::string(table) + " FORMAT RowBinary";
  send(endpoint_.http_url + "/?query=" + url_encode(sql), std::move(rows), what, timeout_);
}

std::string ClickHouseConnection::send(std::string url, std::string body, std::string_view what,
                                       std::chrono::milliseconds timeout) {
  http::Request request;
  request.method = "POST";
  request.url = std::move(url);
  request.body = std::move(body);
  request.timeout = timeout;
  request.headers.emplace_back("Content-Type", "application/octet-stream");
  http::Response response;
  try {
    response = client_->send(request);
  } catch (const RuntimeError& e) {
    throw RuntimeError("ClickHouse store at " + endpoint_.http_url + " (" + std::string(what) +
                       "): no answer: " + e.what() + "; is clickhouse-server running there?");
  }
  if (response.status != 200) {
    throw RuntimeError("ClickHouse store at " + endpoint_.http_url + " (" + std::string(what) + "): HTTP " +
                       std::to_string(response.status) + ": " + first_line(response.body));
  }
  return std::move(response.body);
}

}  // namespace netkeel::store
