// `netkeel events [--since 10m | --start T [--end T]] [--host H] [--kind K] [--format table|json]`: the
// server's events (link up/down, flaps, ...) in time order, every page of GET /api/v1/events
// (docs/server.md, "netkeel events").
#include <cstdio>
#include <memory>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/event_pages.hpp"
#include "netkeel/cli/server_client_flags.hpp"
#include "netkeel/cli/time_range_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {

void add_events_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("events", "Link up/down, flaps and other events from the server, oldest first");
  struct Flags {
    TimeRangeFlags range;
    std::string host, kind, format = "table";
    ServerClientFlags connection;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--since", f->range.since, "The last DURATION, e.g. 10m (default 1h unless --start is given)");
  cmd->add_option("--start", f->range.start, "Range start: ms since the Unix epoch, now or now-DURATION");
  cmd->add_option("--end", f->range.end, "Range end, as --start (default now)");
  cmd->add_option("--host", f->host, "Only this host's events (default: every host)");
  cmd->add_option("--kind", f->kind, "Only events of this kind, e.g. link_down (default: every kind)");
  cmd->add_option("--format", f->format, "table or json (default table)")->check(CLI::IsMember({"table", "json"}));
  add_server_client_flags(*cmd, f->connection);
  cmd->callback([f, &exit_code] {
    QueryString query;
    append_time_range(f->range, "1h", query);
    if (!f->host.empty()) query.emplace_back("host", f->host);
    if (!f->kind.empty()) query.emplace_back("kind", f->kind);
    const ApiTarget target = resolve_api_target(f->connection);
    http::CurlHttpClient client(target.tls);
    const nlohmann::json events = fetch_all_events(client, target, query);
    if (f->format == "json") {
      std::printf("%s\n", events.dump(2).c_str());
    } else {
      std::fputs(events_table(events).c_str(), stdout);
    }
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
