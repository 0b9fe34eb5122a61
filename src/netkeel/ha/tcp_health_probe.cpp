#include "netkeel/ha/tcp_health_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "netkeel/core/unique_fd.hpp"

namespace netkeel::ha {

std::string TcpHealthProbe::describe() const { return "tcp " + address_.str() + ":" + std::to_string(port_); }

ProbeOutcome TcpHealthProbe::run(Nanoseconds timeout) {
  const std::string where = "connect to " + address_.str() + ":" + std::to_string(port_);
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return {false, "socket: " + std::string(std::strerror(errno))};
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(port_);
  peer.sin_addr.s_addr = htonl(address_.value());
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&peer), sizeof peer) == 0) return {true, where};
  if (errno != EINPROGRESS) return {false, where + ": " + std::strerror(errno)};
  pollfd waiting{fd.get(), POLLOUT, 0};
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
  int ready;
  do {
    ready = ::poll(&waiting, 1, static_cast<int>(std::max<std::int64_t>(ms, 1)));
  } while (ready < 0 && errno == EINTR);
  if (ready == 0) return {false, where + ": no answer within " + std::to_string(ms) + " ms"};
  int error = 0;
  socklen_t length = sizeof error;
  if (ready < 0 || ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
  if (error != 0) return {false, where + ": " + std::strerror(error)};
  return {true, where};
}

}  // namespace netkeel::ha
