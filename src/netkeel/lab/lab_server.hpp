#pragma once
// The lab's `netkeel server`: a root-namespace process with the embedded (SQLite) store in the lab
// directory. It listens twice: on 127.0.0.1 of the root namespace (the CLI, `netkeel matrix`, a
// browser), and with a socket opened inside one host's namespace on that host's management address,
// so every agent ships across the emulated management network and faults there hit shipping as they
// would in a real site. The root namespace's interfaces, addresses and routes are never touched.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/lab/lab_state.hpp"

namespace netkeel::lab {

inline constexpr int kLabServerPort = 9948;  // on the management network, inside the server host

// Where the agents reach the server: a host and its address on the management network.
struct ServerPlacement {
  std::string host;
  std::string netns;
  std::string network;
  std::string address;
};

// The network named "mgmt" (else "management", else the alphabetically first network of the first
// configured host). Pure; nullopt when no configured host has an address.
std::optional<std::string> management_network(const LabManifest& m);

// The management network, and on it the first configured host in site order. Pure; nullopt when no
// host is configured with an address.
std::optional<ServerPlacement> choose_server_placement(const LabManifest& m);

struct LabServer {
  ServerPlacement placement;
  std::string local_url;   // http://127.0.0.1:PORT, written to <lab dir>/server-url
  std::string agent_url;   // http://ADDRESS:9948 on the management network
  std::filesystem::path token_file;
};

// The file `netkeel matrix` and `netkeel query` read to find a lab's server.
std::filesystem::path server_url_file(const LabStore& store, const std::string& lab);

// The lab server's token file (0600), which `netkeel matrix` and `netkeel query` send with their queries.
std::filesystem::path server_token_file(const LabStore& store, const std::string& lab);

// Writes a fresh random token (0600), picks a free 127.0.0.1 port, starts the server as the lab
// service "server", waits (deadline 15 s) until it accepts connections on both sockets, and writes
// the server-url file. Throws RuntimeError naming what failed and the server's log.
LabServer start_lab_server(const LabStore& store, LabManifest& m, const ServerPlacement& placement,
                           const std::string& netkeel_binary);

// The flags that make one agent ship to that server, with its own spool in the lab directory.
std::vector<std::string> agent_shipping_args(const LabStore& store, const LabManifest& m, const LabServer& server,
                                             const std::string& host);

// The flags that make one agent take the site from that server (--site-from), with its cached copy in the
// lab directory (site-cache/HOST.yaml).
std::vector<std::string> agent_site_from_args(const LabStore& store, const LabManifest& m, const LabServer& server,
                                              const std::string& host);

}  // namespace netkeel::lab
