#pragma once
// A TCP socket bound and listening on HOST:PORT, made in the calling thread's network namespace (so a
// caller inside run_in_network_namespace gets one in that namespace) and then handed to HttpServer.
// SO_REUSEADDR only: never SO_REUSEPORT, which would let a second server bind the same port and quietly
// take half the connections. A taken port is an error.
#include <string>

namespace netkeel::http {

class ListeningSocket {
 public:
  // port 0: a free port the kernel picks. Throws RuntimeError naming HOST:PORT and the cause.
  ListeningSocket(const std::string& host, int port);
  ~ListeningSocket();
  ListeningSocket(ListeningSocket&& other) noexcept : fd_(other.fd_), port_(other.port_) { other.fd_ = -1; }
  ListeningSocket& operator=(ListeningSocket&&) = delete;
  ListeningSocket(const ListeningSocket&) = delete;
  ListeningSocket& operator=(const ListeningSocket&) = delete;

  int fd() const { return fd_; }
  int port() const { return port_; }  // the real one
  int release();                      // the caller owns the socket from now on

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace netkeel::http
