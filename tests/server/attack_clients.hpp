#pragma once
// Hostile HTTP clients for the front-end attack tests (the server's API and the agent's /metrics), on
// loopback only: raw TCP connections bound to a chosen 127.0.0.0/8 source address (so attackers can come
// from addresses other than the good clients' 127.0.0.1), a trickle of header bytes, idle connections, and
// a reader that sees exactly what the server wrote on one connection. Header-only, libc sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/tcp.h>  // its tcp_info has tcpi_data_segs_in; glibc's stops short of it
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace netkeel::attack {

using Clock = std::chrono::steady_clock;

// 127.0.B.H for attacker number `index` in block B (H = 1 + index % 250): distinct source addresses.
inline std::string loopback_source(int block, int index) {
  return "127.0." + std::to_string(block + index / 250) + "." + std::to_string(1 + index % 250);
}

// Raises this process's soft limit on open files to `wanted` (within the hard limit): a test that holds
// both ends of hundreds of connections must not fail on a default limit of 1024.
inline void allow_open_files(rlim_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

// A connected TCP socket from `source` (an address of 127.0.0.0/8) to 127.0.0.1:port; -1 when refused.
inline int connect_from(const std::string& source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<std::uint16_t>(port));
  remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Whether the server has closed (or reset) the connection, looking without waiting.
inline bool closed_by_peer(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  if (p.revents & (POLLHUP | POLLERR)) return true;
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// What the server sends on `fd` until it closes the connection or `deadline` passes; `closed` tells which.
struct Received {
  std::string bytes;
  bool closed = false;
};

inline Received receive_until_closed(int fd, Clock::time_point deadline) {
  Received received;
  char buffer[16384];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return received;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      received.closed = true;
      return received;
    }
    received.bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

// One HTTP/1.1 response read off a kept-alive connection (Content-Length framed), before `deadline`.
// Empty when none came whole in time.
inline std::string receive_one_response(int fd, Clock::time_point deadline, std::string& leftover) {
  char buffer[16384];
  for (;;) {
    const auto head_end = leftover.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::size_t length = 0;
      const auto at = leftover.find("Content-Length: ");
      if (at != std::string::npos && at < head_end) length = std::stoul(leftover.substr(at + 16));
      if (leftover.size() >= head_end + 4 + length) {
        std::string response = leftover.substr(0, head_end + 4 + length);
        leftover.erase(0, response.size());
        return response;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return "";
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return "";
    leftover.append(buffer, static_cast<std::size_t>(n));
  }
}

// Segments that carried data into this socket so far (TCP_INFO, Linux 4.6+): a response of a few hundred
// bytes the server wrote in one piece arrives as one segment; written as header and body apart, two.
inline std::uint32_t data_segments_in(int fd) {
  tcp_info info{};
  socklen_t size = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) throw std::runtime_error("TCP_INFO failed");
  return info.tcpi_data_segs_in;
}

// `count` connections from distinct source addresses (block `block`), each sending `bytes` one byte per
// tick; a connection the server closes is opened again at the next tick, so the attack holds for
// `duration` whatever the server does. Stops by itself after `duration` (or at destruction).
class TrickleAttack {
 public:
  TrickleAttack(int port, int count, std::string bytes, std::chrono::seconds duration, int block = 1,
                std::chrono::milliseconds tick = std::chrono::seconds(1))
      : port_(port), bytes_(std::move(bytes)), end_(Clock::now() + duration), tick_(tick) {
    for (int i = 0; i < count; ++i) slots_.push_back({loopback_source(block, i), -1, 0});
    for (auto& slot : slots_) open(slot);  // all connected before the first good request goes out
    thread_ = std::thread([this] { run(); });
  }
  ~TrickleAttack() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    for (auto& slot : slots_) {
      if (slot.fd >= 0) ::close(slot.fd);
    }
  }
  TrickleAttack(const TrickleAttack&) = delete;
  TrickleAttack& operator=(const TrickleAttack&) = delete;

  bool running() const { return !finished_; }
  int reconnects() const { return reconnects_; }  // connections the server closed (and the attack opened again)
  int connected() const { return connected_; }    // open at the last tick

 private:
  struct Slot {
    std::string source;
    int fd;
    std::size_t sent;
  };

  void open(Slot& slot) {
    slot.fd = connect_from(slot.source, port_);
    slot.sent = 0;
  }

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_ && Clock::now() < end_) {
      int connected = 0;
      for (auto& slot : slots_) {
        if (slot.fd >= 0 && closed_by_peer(slot.fd)) {
          ::close(slot.fd);
          slot.fd = -1;
          ++reconnects_;
        }
        if (slot.fd < 0) open(slot);
        if (slot.fd < 0) continue;
        ++connected;
        if (slot.sent < bytes_.size() && send_all(slot.fd, bytes_.substr(slot.sent, 1))) ++slot.sent;
      }
      connected_ = connected;
      wake_.wait_until(lock, std::min(end_, Clock::now() + tick_), [this] { return stopping_; });
    }
    finished_ = true;
  }

  const int port_;
  const std::string bytes_;
  const Clock::time_point end_;
  const std::chrono::milliseconds tick_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> finished_{false};
  std::atomic<int> reconnects_{0};
  std::atomic<int> connected_{0};
  std::thread thread_;
};

// `count` connections from `sources` source addresses (block `block`) that send `bytes` once (maybe
// nothing) and then stay silent, open until destruction.
class IdleConnections {
 public:
  IdleConnections(int port, int count, int sources, const std::string& bytes = "", int block = 2) {
    for (int i = 0; i < count; ++i) {
      const int fd = connect_from(loopback_source(block, i % sources), port);
      if (fd < 0) continue;
      if (!bytes.empty()) send_all(fd, bytes);
      fds_.push_back(fd);
    }
  }
  ~IdleConnections() {
    for (const int fd : fds_) ::close(fd);
  }
  IdleConnections(const IdleConnections&) = delete;
  IdleConnections& operator=(const IdleConnections&) = delete;

  std::size_t opened() const { return fds_.size(); }

 private:
  std::vector<int> fds_;
};

}  // namespace netkeel::attack
