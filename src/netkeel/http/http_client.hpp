#pragma once
// The HTTP client every component shares (every HTTP call behind a small interface, a real implementation on
// libcurl, and FakeHttpClient for unit tests).
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "netkeel/core/error.hpp"
#include "netkeel/http/tls_client_files.hpp"

namespace netkeel::http {

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};  // whole exchange: connect, send, receive
  // A longer answer body ends the exchange as a failure (RuntimeError), so a hostile or broken server
  // cannot fill memory within the timeout. 0 = no limit.
  std::size_t max_body_bytes = 0;
};

struct Response {
  int status = 0;
  std::string body;
  std::string content_type;  // the Content-Type header, "" when the server sent none
  // The X-Netkeel-* headers, names lower-cased (e.g. the served site's x-netkeel-site-version).
  std::vector<std::pair<std::string, std::string>> netkeel_headers;
};

// The answer's body was longer than Request::max_body_bytes; the exchange was cut there.
class ResponseTooLong : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any HTTP status is a Response (a 500 is not an exception). Throws RuntimeError naming the method,
  // the URL and the cause when no HTTP response arrives (refused, timeout, DNS, reset) or its body is
  // longer than request.max_body_bytes (then ResponseTooLong).
  virtual Response send(const Request& request) = 0;
};

// libcurl. One easy handle, reused, so consecutive requests to one server share a kept-alive
// connection. Calls are serialised by a mutex: one request at a time per client. https:// URLs are
// verified against `tls.ca_file` (else the system's CAs), always: peer chain and host name.
class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(TlsClientFiles tls = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Response send(const Request& request) override;

 private:
  TlsClientFiles tls_;
  std::mutex mutex_;
  void* handle_ = nullptr;  // CURL*; kept out of the header so users need not include curl.h
};

}  // namespace netkeel::http
