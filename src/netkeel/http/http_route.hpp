#pragma once
// One endpoint of an HttpServer: method and exact path, an optional check of the request head (run when
// the headers are complete, before any body byte is read), the body limit, and the handler.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "netkeel/http/http_reply.hpp"
#include "netkeel/http/http_request.hpp"

namespace netkeel::http {

struct HttpRoute {
  std::string method;  // "GET", "POST"
  std::string path;    // exact, e.g. "/api/v1/batches"

  // A reply here is sent at once and the body is never read (the connection then closes if a body was
  // announced). Empty: every head is accepted. Runs on the event loop: must be quick.
  std::function<std::optional<HttpReply>(const HttpRequest&)> check_head;

  // Largest body accepted; a larger Content-Length is refused before reading, a chunked body when it
  // grows past the limit. 0: the route takes no body.
  std::size_t max_body_bytes = 0;
  // The refusal for a body over max_body_bytes (a 413 naming the limit and the fix); empty (allowed
  // only with max_body_bytes 0): a plain-text 413 saying the route takes no body.
  std::function<HttpReply(const HttpRequest&)> body_too_large;

  std::function<HttpReply(const HttpRequest&)> handle;
  // true: the handler may take time (queries, writes) and runs on the server's worker threads, so the
  // event loop never waits on it; false: it runs on the event loop (quick answers such as /health).
  bool on_worker = true;
};

}  // namespace netkeel::http
