// `netkeel diagnose [--network NET] [--since 10m] [--format table|json]`: the ranked culprits of the last
// DURATION from the server; `diagnose host HOST`, `diagnose pair A B` and `diagnose vm DOMAIN`: one host's,
// pair's or VM's facts against their baseline, with a verdict (docs/diagnose.md).
#include <cstdio>
#include <memory>

#include "netkeel/analyze/diagnosis.hpp"
#include "netkeel/analyze/host_diagnosis.hpp"
#include "netkeel/analyze/pair_diagnosis.hpp"
#include "netkeel/analyze/vm_diagnosis.hpp"
#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/server_api.hpp"
#include "netkeel/cli/server_client_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {
namespace {

struct DetailFlags {
  std::string since = "10m", format = "table";
  ServerClientFlags connection;
};

void add_detail_flags(CLI::App& cmd, DetailFlags& f) {
  cmd.add_option("--since", f.since, "The last DURATION, 10s to 24h, against the hour before it (default 10m)");
  cmd.add_option("--format", f.format, "table or json (default table)")->check(CLI::IsMember({"table", "json"}));
  add_server_client_flags(cmd, f.connection);
}

// Asks the endpoint and prints its JSON as it came, or the table `render` makes of it.
void print_detail(const DetailFlags& f, const std::string& path, std::vector<std::pair<std::string, std::string>> parameters,
                  std::string (*render)(const nlohmann::json&)) {
  const ApiTarget target = resolve_api_target(f.connection);
  http::CurlHttpClient client(target.tls);
  parameters.emplace_back("since", f.since);
  const nlohmann::json json = get_api_json(client, target, path, parameters);
  std::string table;
  try {
    table = render(json);
  } catch (const nlohmann::json::exception& e) {
    throw RuntimeError("server " + target.base_url + " sent an answer to " + path + " this netkeel cannot read: " +
                       e.what());
  }
  if (f.format == "json") {
    std::printf("%s\n", json.dump(2).c_str());
  } else {
    std::fputs(table.c_str(), stdout);
  }
}

void add_host_subcommand(CLI::App& diagnose, int& exit_code) {
  auto* cmd = diagnose.add_subcommand("host", "One host: its links, bond members, NIC errors and drops, TCP/IP stack "
                                              "counters, loss and RTT to and from every peer against the hour before, "
                                              "and a verdict");
  auto host = std::make_shared<std::string>();
  auto f = std::make_shared<DetailFlags>();
  cmd->add_option("HOST", *host, "A host of the site file")->required();
  add_detail_flags(*cmd, *f);
  cmd->callback([host, f, &exit_code] {
    print_detail(*f, "/api/v1/diagnose/host", {{"host", *host}}, &analyze::host_diagnosis_table);
    exit_code = kExitOk;
  });
}

void add_pair_subcommand(CLI::App& diagnose, int& exit_code) {
  auto* cmd = diagnose.add_subcommand("pair", "Two hosts: every network between them, each path hop by hop from the "
                                              "cabling, loss and RTT per probe kind both ways against the hour before");
  auto hosts = std::make_shared<std::vector<std::string>>();
  auto f = std::make_shared<DetailFlags>();
  cmd->add_option("HOSTS", *hosts, "Two hosts of the site file: A B")->required()->expected(2);
  add_detail_flags(*cmd, *f);
  cmd->callback([hosts, f, &exit_code] {
    print_detail(*f, "/api/v1/diagnose/pair", {{"a", (*hosts)[0]}, {"b", (*hosts)[1]}}, &analyze::pair_diagnosis_table);
    exit_code = kExitOk;
  });
}

void add_vm_subcommand(CLI::App& diagnose, int& exit_code) {
  auto* cmd = diagnose.add_subcommand("vm", "Is it the network? One VM: its interfaces' drops and errors from libvirt, "
                                            "its host's NICs, TCP/IP stack and probes against the hour before, and a "
                                            "verdict");
  auto domain = std::make_shared<std::string>();
  auto f = std::make_shared<DetailFlags>();
  cmd->add_option("DOMAIN", *domain, "The libvirt domain's name, as the agents report it")->required();
  add_detail_flags(*cmd, *f);
  cmd->callback([domain, f, &exit_code] {
    print_detail(*f, "/api/v1/diagnose/vm", {{"domain", *domain}}, &analyze::vm_diagnosis_table);
    exit_code = kExitOk;
  });
}

}  // namespace

void add_diagnose_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("diagnose", "The likeliest culprits of loss: host, NIC, cable, switch port, switch, "
                                             "uplink, with confidence and evidence");
  struct Flags {
    std::string network, since = "10m", format = "table";
    ServerClientFlags connection;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--network", f->network, "Only this service network, e.g. mgmt (default: every network)");
  cmd->add_option("--since", f->since, "The last DURATION of probes, link events and NIC counters, 10s to 24h (default 10m)");
  cmd->add_option("--format", f->format, "table or json (default table)")->check(CLI::IsMember({"table", "json"}));
  add_server_client_flags(*cmd, f->connection);
  add_host_subcommand(*cmd, exit_code);
  add_pair_subcommand(*cmd, exit_code);
  add_vm_subcommand(*cmd, exit_code);
  cmd->require_subcommand(0, 1);
  cmd->callback([cmd, f, &exit_code] {
    if (!cmd->get_subcommands().empty()) return;  // diagnose host / pair answered
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
