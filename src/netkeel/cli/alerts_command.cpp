// `netkeel alerts [--lab L | --server URL] [--format table|json] [--all]`: the alerts firing on the
// server (with --all also those resolved in the last hour), as a table or as the API's JSON
// (docs/alerts.md).
#include <cstdio>
#include <memory>

#include "netkeel/analyze/alert_json.hpp"
#include "netkeel/analyze/alert_table.hpp"
#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/server_api.hpp"
#include "netkeel/cli/server_client_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {

void add_alerts_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("alerts", "The alerts firing on the server (docs/alerts.md)");
  struct Flags {
    std::string format = "table";
    bool all = false;
    ServerClientFlags connection;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--format", f->format, "table or json (the API's JSON; default table)")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("--all", f->all, "Also the alerts resolved in the last hour");
  add_server_client_flags(*cmd, f->connection);
  cmd->callback([f, &exit_code] {
    const ApiTarget target = resolve_api_target(f->connection);
    http::CurlHttpClient client(target.tls);
    QueryString query;
    if (f->all) query.push_back({"all", "1"});
    const nlohmann::json json = get_api_json(client, target, "/api/v1/alerts", query);
    const std::vector<analyze::Alert> alerts = decode_api_answer(target, "alerts", json, &analyze::alerts_from_json);
    print_api_answer(
        f->format, [&] { return analyze::alerts_to_json(alerts); },
        [&] { return analyze::render_alert_table(alerts, f->all); });
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
