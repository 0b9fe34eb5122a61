// `netkeel stand-in`: a stand-in for a cloud service in the lab (docs/lab.md, "Services and VIPs"): it
// listens on the service's ports and answers every HTTP request with 200, so the service's tcp and
// http checks pass while it runs and fail the moment `lab fault service-down` kills it.
#include <string>
#include <vector>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/log_flags.hpp"
#include "netkeel/cli/termination_signals.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/log.hpp"
#include "netkeel/http/http_server.hpp"
#include "netkeel/http/listening_socket.hpp"

namespace netkeel::cli {

void add_stand_in_command(CLI::App& app, int& exit_code) {
  struct Flags {
    std::string service;
    std::string address = "0.0.0.0";
    std::vector<int> ports;
  };
  auto flags = std::make_shared<Flags>();
  auto* cmd = app.add_subcommand("stand-in", "Stand in for a service in the lab: listen on its ports, answer HTTP 200");
  cmd->add_option("--service", flags->service, "The service's name (shown in answers)")->required();
  cmd->add_option("--port", flags->ports, "A port to listen on (repeatable)")->required()->check(CLI::Range(1, 65535));
  cmd->add_option("--address", flags->address, "Address to listen on")->capture_default_str();
  auto log_flags = std::make_shared<LogFlags>();
  add_log_flags(*cmd, *log_flags);
  cmd->callback([flags, log_flags, &exit_code] {
    start_logging(*log_flags, "netkeel stand-in");
    try {
      block_termination_signals();
      std::vector<http::ListeningSocket> sockets;
      for (int port : flags->ports) sockets.emplace_back(flags->address, port);
      http::HttpServerOptions options;
      const std::string answer = flags->service + " stand-in\n";
      options.no_route = [answer](const http::HttpRequest&) { return http::HttpReply{200, "text/plain", answer, {}}; };
      options.bad_framing = [](const std::string& problem) { return http::HttpReply{400, "text/plain", problem + "\n", {}}; };
      options.busy = [] { return http::HttpReply{503, "text/plain", "busy\n", {}}; };
      http::HttpServer server(std::move(sockets), std::move(options));
      std::string listening = flags->service + " on " + flags->address + ", ports";
      for (int port : flags->ports) listening += " " + std::to_string(port);
      log::info(listening);
      wait_for_termination();
      exit_code = kExitOk;
    } catch (const std::exception& e) {
      log::error(e.what());
      exit_code = kExitRuntimeFailure;
    }
  });
}

}  // namespace netkeel::cli
