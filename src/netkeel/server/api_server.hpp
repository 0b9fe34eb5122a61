#pragma once
// The HTTP front end of `netkeel server` (cpp-httplib): one listening socket per --listen / --listen-in
// address, all serving the same endpoints (docs/api.md) from a pool of worker threads, all over TLS when
// TLS files are given. Handlers are the pure functions of ingest_handler.hpp, access_check.hpp and the
// query handlers; this file only moves bytes.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "netkeel/server/ingest_handler.hpp"
#include "netkeel/server/listen_address.hpp"
#include "netkeel/server/server_tls_files.hpp"
#include "netkeel/server/single_writer_store.hpp"

namespace httplib {
class Server;
}

namespace netkeel::server {

struct ApiServerOptions {
  std::vector<ListenAddress> listen;  // at least one
  IngestSettings ingest;                                 // its tokens guard the query endpoints too
  std::optional<ServerTlsFiles> tls;                     // nothing = plain HTTP
  std::function<store::TimestampMs()> now_ms;           // wall clock, injected (tests pin it)
  std::function<void(const std::string&)> log;          // one line per refused request; may be empty
};

class ApiServer {
 public:
  // Checks the TLS files (UsageError naming the file), binds every address (port 0: a free port) and
  // starts serving. Throws RuntimeError naming the address that cannot be bound, after closing the ones
  // already bound.
  ApiServer(store::Store& store, ApiServerOptions options);
  ~ApiServer();  // stop()
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // The addresses with their real ports, in the order given.
  const std::vector<ListenAddress>& bound() const { return bound_; }
  bool uses_tls() const { return options_.tls.has_value(); }

  // The store as the handlers see it (writes serialised); for maintenance alongside the handlers.
  store::Store& store() { return store_; }

  // Stops accepting connections, lets requests in progress finish, and returns when every listener's
  // thread has ended. Safe to call twice.
  void stop();

 private:
  void configure(httplib::Server& server);

  SingleWriterStore store_;
  ApiServerOptions options_;
  std::vector<std::unique_ptr<httplib::Server>> servers_;
  std::vector<std::thread> threads_;
  std::vector<ListenAddress> bound_;
};

}  // namespace netkeel::server
