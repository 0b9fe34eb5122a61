// `netkeel matrix --network NET [--window 60s] [--metric loss|rtt] [--format table|json]`: the probe
// matrix of a network from the server, drawn as a Pingmesh-style heatmap or printed as JSON
// (docs/server.md).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/lab_server_url.hpp"
#include "netkeel/cli/server_api.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/server/matrix_heatmap.hpp"
#include "netkeel/server/matrix_json.hpp"

namespace netkeel::cli {

void add_matrix_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("matrix", "Loss / RTT between every pair of hosts on a network, as a heatmap");
  struct Flags {
    std::string network, window = "60s", metric = "loss", format = "table", color = "auto", server, lab = "demo";
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--network", f->network, "Service network, e.g. mgmt")->required();
  cmd->add_option("--window", f->window, "The last DURATION of probes, e.g. 60s or 5m (default 60s)");
  cmd->add_option("--metric", f->metric, "loss or rtt (median RTT) for the heatmap (default loss)")
      ->check(CLI::IsMember({"loss", "rtt"}));
  cmd->add_option("--format", f->format, "table (the heatmap) or json (default table)")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("--color", f->color, "auto (when stdout is a terminal), always or never (default auto)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--server", f->server, "Server URL (default: the running lab's server, else http://127.0.0.1:9948)");
  cmd->add_option("--lab", f->lab, "Lab whose server to ask when --server is not given (default demo)");
  cmd->callback([f, &exit_code] {
    const std::string url = f->server.empty() ? lab_server_url(f->lab) : f->server;
    http::CurlHttpClient client;
    const nlohmann::json json =
        get_api_json(client, url, "/api/v1/matrix", {{"network", f->network}, {"window", f->window}});
    server::MatrixReport report;
    try {
      report = server::matrix_from_json(json);
    } catch (const std::invalid_argument& e) {
      throw RuntimeError("server " + url + " sent a matrix this netkeel cannot read: " + e.what());
    }
    if (f->format == "json") {
      std::printf("%s\n", server::matrix_json(report).dump(2).c_str());
    } else {
      server::HeatmapOptions options;
      options.metric = f->metric == "rtt" ? server::MatrixMetric::rtt : server::MatrixMetric::loss;
      options.colour = f->color == "always" || (f->color == "auto" && isatty(STDOUT_FILENO));
      std::fputs(server::render_heatmap(report, options).c_str(), stdout);
    }
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
