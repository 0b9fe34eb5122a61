// `netkeel matrix --network NET [--window 60s] [--stale-after 30s] [--kind all|icmp|udp|tcp|pmtu] [--metric loss|rtt]
// [--format table|json]`: the probe
// matrix of a network from the server, drawn as a Pingmesh-style heatmap or printed as JSON
// (docs/server.md).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/server_api.hpp"
#include "netkeel/cli/server_client_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/server/matrix_heatmap.hpp"
#include "netkeel/server/matrix_json.hpp"

namespace netkeel::cli {

void add_matrix_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("matrix", "Loss / RTT between every pair of hosts on a network, as a heatmap");
  struct Flags {
    std::string network, window = "60s", stale_after = "30s", kind = "all", metric = "loss", format = "table", color = "auto";
    ServerClientFlags connection;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--network", f->network, "Service network, e.g. mgmt")->required();
  cmd->add_option("--window", f->window, "The last DURATION of probes, e.g. 60s or 5m (default 60s)");
  cmd->add_option("--stale-after", f->stale_after,
                  "Mark a host stale when its agent sent no report for this long (default 30s: three of the "
                  "agent's default report intervals)");
  cmd->add_option("--kind", f->kind,
                  "Count only probes of this kind: icmp, udp (answered by the peer's agent), tcp, pmtu, or all "
                  "(default all: every kind, leaving out UDP probes to a host whose agent is down)")
      ->check(CLI::IsMember({"all", "icmp", "udp", "tcp", "pmtu"}));
  cmd->add_option("--metric", f->metric, "loss or rtt (median RTT) for the heatmap (default loss)")
      ->check(CLI::IsMember({"loss", "rtt"}));
  cmd->add_option("--format", f->format, "table (the heatmap) or json (default table)")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("--color", f->color, "auto (when stdout is a terminal), always or never (default auto)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  add_server_client_flags(*cmd, f->connection);
  cmd->callback([f, &exit_code] {
    const ApiTarget target = resolve_api_target(f->connection);
    http::CurlHttpClient client(target.tls);
    const nlohmann::json json =
        get_api_json(client, target, "/api/v1/matrix", {{"network", f->network}, {"window", f->window}, {"stale_after", f->stale_after}, {"kind", f->kind}});
    const server::MatrixReport report = decode_api_answer(target, "a matrix", json, &server::matrix_from_json);
    print_api_answer(
        f->format, [&] { return server::matrix_json(report); },
        [&] {
          server::HeatmapOptions options;
          options.metric = f->metric == "rtt" ? server::MatrixMetric::rtt : server::MatrixMetric::loss;
          options.colour = f->color == "always" || (f->color == "auto" && isatty(STDOUT_FILENO));
          return server::render_heatmap(report, options);
        });
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
