#pragma once
// A loopback TCP port for the service tests: a free port nobody answers on, or one that accepts
// connections and never answers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::ha {

// A loopback TCP socket bound to a free port. listening=false: closed again, so connecting is refused
// (a member whose etcd is not running). listening=true: it accepts connections into its backlog and
// never answers (a member that hangs).
class LoopbackPort {
 public:
  explicit LoopbackPort(bool listening) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (!fd_) throw RuntimeError("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw RuntimeError("cannot bind a loopback port");
    }
    port_ = ntohs(address.sin_port);
    if (listening) {
      if (::listen(fd_.get(), 16) != 0) throw RuntimeError("listen failed");
    } else {
      fd_.reset();
    }
  }
  int port() const { return port_; }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port_); }

 private:
  UniqueFd fd_;
  int port_ = 0;
};

}  // namespace netkeel::ha
