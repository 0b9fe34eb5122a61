#include "netkeel/lab/lab_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/lab/lab_service.hpp"

namespace netkeel::lab {
namespace {

constexpr int kFirstLocalPort = 9948;
constexpr int kLocalPortsTried = 100;

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A TCP socket on 127.0.0.1:port of the root namespace, connected or bound: the only way to learn
// whether the port is served or free, and no change to the namespace's configuration.
bool loopback_socket_succeeds(int port, bool bind_instead_of_connect) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const sockaddr_in addr = loopback(port);
  const auto* raw = reinterpret_cast<const sockaddr*>(&addr);
  const bool ok = (bind_instead_of_connect ? ::bind(fd, raw, sizeof addr) : ::connect(fd, raw, sizeof addr)) == 0;
  ::close(fd);
  return ok;
}

bool accepts_connections(int port) { return loopback_socket_succeeds(port, false); }
bool can_bind(int port) { return loopback_socket_succeeds(port, true); }

// The server is this process's child: until it has exec'd, its /proc cmdline is still ours, so
// "is it that service" is no test of life; whether the child has exited is.
bool has_exited(int pid) {
  int status = 0;
  const pid_t reaped = ::waitpid(pid, &status, WNOHANG);
  if (reaped == pid) return true;
  return reaped < 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

int free_local_port() {
  for (int port = kFirstLocalPort; port < kFirstLocalPort + kLocalPortsTried; ++port)
    if (can_bind(port)) return port;
  throw RuntimeError(fmt::format("lab server: no free port on 127.0.0.1 in {}-{}", kFirstLocalPort,
                                 kFirstLocalPort + kLocalPortsTried - 1));
}

std::string random_token() {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  unsigned char bytes[16];
  if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes))
    throw RuntimeError("lab server: cannot read /dev/urandom for the token");
  std::string hex;
  for (unsigned char b : bytes) hex += fmt::format("{:02x}", b);
  return hex;
}

void write_private_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::remove(path);
  std::ofstream out(path);
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  out << text << '\n';
  if (!out.flush()) throw RuntimeError("lab server: cannot write " + path.string());
}

}  // namespace

std::optional<std::string> management_network(const LabManifest& m) {
  for (const char* preferred : {"mgmt", "management"})
    for (const auto& h : m.hosts)
      if (h.configuration == "applied" && h.addresses.count(preferred)) return std::string(preferred);
  for (const auto& h : m.hosts)
    if (h.configuration == "applied" && !h.addresses.empty()) return h.addresses.begin()->first;
  return std::nullopt;
}

std::optional<ServerPlacement> choose_server_placement(const LabManifest& m) {
  auto network = management_network(m);
  if (!network) return std::nullopt;
  for (const auto& h : m.hosts) {
    if (h.configuration != "applied") continue;
    auto address = h.addresses.find(*network);
    if (address != h.addresses.end()) return ServerPlacement{h.name, h.netns, *network, address->second};
  }
  return std::nullopt;
}

std::filesystem::path server_url_file(const LabStore& store, const std::string& lab) {
  return store.dir(lab) / "server-url";
}

std::filesystem::path server_token_file(const LabStore& store, const std::string& lab) {
  return store.dir(lab) / "token";
}

LabServer start_lab_server(const LabStore& store, LabManifest& m, const ServerPlacement& placement,
                           const std::string& netkeel_binary) {
  const auto dir = store.dir(m.lab);
  LabServer server;
  server.placement = placement;
  server.token_file = server_token_file(store, m.lab);
  write_private_file(server.token_file, random_token());
  const int port = free_local_port();
  server.local_url = fmt::format("http://127.0.0.1:{}", port);
  server.agent_url = fmt::format("http://{}:{}", placement.address, kLabServerPort);

  ServiceSpec spec{"server", "",
                   {netkeel_binary, "server", "--store", "sqlite:" + (dir / "store.db").string(), "--token-file",
                    server.token_file.string(), "--listen", fmt::format("127.0.0.1:{}", port), "--listen-in",
                    fmt::format("{}={}:{}", placement.netns, placement.address, kLabServerPort),
                    // The site's cabling lets the alert engine name a switch that is down (docs/alerts.md).
                    "--site", m.site_file,
                    // The demo's dashboard opens in a browser on this machine without a sign-in; only
                    // loopback clients get in without the token, and batches always need it.
                    "--dashboard-open"},
                   "", ""};
  const ServiceRecord& record = start_service(store, m, spec);
  const std::string log = record.log;
  const int pid = record.pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!accepts_connections(port)) {
    if (has_exited(pid)) throw RuntimeError(fmt::format("lab server exited while starting; see {}", log));
    if (std::chrono::steady_clock::now() > deadline)
      throw RuntimeError(fmt::format("lab server did not accept connections on 127.0.0.1:{} within 15 s; see {}",
                                     port, log));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  write_private_file(server_url_file(store, m.lab), server.local_url);
  return server;
}

std::vector<std::string> agent_shipping_args(const LabStore& store, const LabManifest& m, const LabServer& server,
                                             const std::string& host) {
  return {"--server", server.agent_url, "--token-file", server.token_file.string(), "--spool-dir",
          (store.dir(m.lab) / "spool" / host).string()};
}

std::vector<std::string> agent_site_from_args(const LabStore& store, const LabManifest& m, const LabServer& server,
                                              const std::string& host) {
  return {"--site-from", server.agent_url, "--site-cache", (store.dir(m.lab) / "site-cache" / (host + ".yaml")).string()};
}

}  // namespace netkeel::lab
