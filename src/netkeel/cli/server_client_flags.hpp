#pragma once
// The flags `netkeel query` and `netkeel matrix` share to reach the server's query API: where it is,
// which token to send, and which TLS files to use (docs/server.md, "Querying").
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "netkeel/cli/server_api.hpp"

namespace netkeel::cli {

struct ServerClientFlags {
  std::string server;       // --server URL; "" = the lab's server, else kDefaultServerUrl
  std::string lab;           // --lab NAME; "" = the only lab running a server
  std::string token_file;   // --token-file; "" = the lab's token when the lab is used, else none
  http::TlsClientFiles tls;  // --ca-cert, --client-cert, --client-key
};

void add_server_client_flags(CLI::App& command, ServerClientFlags& flags);

// The server, token and TLS files the flags mean. The lab's token is used when no --token-file is given
// and the server is the lab's (found, or --lab given); the lab used is named on stderr when it was not
// given. Throws UsageError naming the flag and the fix (also for a --lab that does not exist).
ApiTarget resolve_api_target(const ServerClientFlags& flags);

}  // namespace netkeel::cli
