#include "netkeel/cli/server_client_flags.hpp"

#include <cstdio>

#include "netkeel/agent/token_file.hpp"
#include "netkeel/cli/lab_server_url.hpp"

namespace netkeel::cli {

void add_server_client_flags(CLI::App& command, ServerClientFlags& flags) {
  command.add_option("--server", flags.server,
                     "Server URL, http:// or https:// (default: the running lab's server, else http://127.0.0.1:9948)");
  command.add_option("--lab", flags.lab, "Lab whose server (and token) to use when --server is not given (default: the only lab running a "
                         "server)");
  command.add_option("--token-file", flags.token_file,
                     "File whose first line is the server's site or read token (default: the lab's token with the "
                     "lab's server, else none)");
  command.add_option("--ca-cert", flags.tls.ca_file,
                     "PEM CA certificate that signed an https:// server's certificate (default: the system's CAs)");
  command.add_option("--client-cert", flags.tls.client_cert_file,
                     "PEM client certificate, for a server run with --tls-client-ca (default: none)");
  command.add_option("--client-key", flags.tls.client_key_file, "The PEM private key of --client-cert");
}

ApiTarget resolve_api_target(const ServerClientFlags& flags) {
  ApiTarget target;
  std::string lab_token_file;
  const bool lab_given = !flags.lab.empty();
  if (!flags.server.empty()) {
    target.base_url = flags.server;
    if (lab_given) {
      if (const auto lab = find_lab_server(flags.lab)) lab_token_file = lab->token_file;
    }
  } else if (const auto lab = find_lab_server(lab_given ? std::optional<std::string>(flags.lab) : std::nullopt)) {
    target.base_url = lab->url;
    target.lab = lab->lab;
    lab_token_file = lab->token_file;
    if (!lab_given && !lab->lab.empty()) {
      std::fprintf(stderr, "netkeel: using lab %s's server at %s (--lab or --server to choose)\n", lab->lab.c_str(),
                   lab->url.c_str());
    }
  } else {
    target.base_url = kDefaultServerUrl;
  }
  const std::string& token_file = flags.token_file.empty() ? lab_token_file : flags.token_file;
  if (!token_file.empty()) target.token = agent::read_token_file(token_file);
  target.token_from_lab = flags.token_file.empty() && !lab_token_file.empty();
  http::check_tls_client_files(flags.tls, target.base_url);
  target.tls = flags.tls;
  return target;
}

}  // namespace netkeel::cli
