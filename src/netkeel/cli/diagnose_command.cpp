// `netkeel diagnose [--network NET] [--since 10m] [--format table|json]`: the ranked culprits of the last
// DURATION from the server (docs/diagnose.md).
#include <cstdio>
#include <memory>

#include "netkeel/analyze/diagnosis.hpp"
#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/server_api.hpp"
#include "netkeel/cli/server_client_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {

void add_diagnose_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("diagnose", "The likeliest culprits of loss: host, NIC, cable, switch port, switch, "
                                             "uplink, with confidence and evidence");
  struct Flags {
    std::string network, since = "10m", format = "table";
    ServerClientFlags connection;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--network", f->network, "Only this service network, e.g. mgmt (default: every network)");
  cmd->add_option("--since", f->since, "The last DURATION of probes and link events, 10s to 24h (default 10m)");
  cmd->add_option("--format", f->format, "table or json (default table)")->check(CLI::IsMember({"table", "json"}));
  add_server_client_flags(*cmd, f->connection);
  cmd->callback([f, &exit_code] {
    const ApiTarget target = resolve_api_target(f->connection);
    http::CurlHttpClient client(target.tls);
    std::vector<std::pair<std::string, std::string>> parameters{{"since", f->since}};
    if (!f->network.empty()) parameters.emplace_back("network", f->network);
    const nlohmann::json json = get_api_json(client, target, "/api/v1/diagnose", parameters);
    const analyze::Diagnosis diagnosis =
        decode_api_answer(target, "a diagnosis", json, &analyze::diagnosis_from_json);
    print_api_answer(
        f->format, [&] { return analyze::diagnosis_json(diagnosis); },
        [&] { return analyze::diagnosis_table(diagnosis); });
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
