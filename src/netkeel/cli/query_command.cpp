// `netkeel query SELECTOR [--match L=V ...] [--since 5m | --start T --end T] [--step 10s] [--agg avg]`:
// a range query against the server's API, printed as a table or as the API's JSON (docs/server.md).
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/server_api.hpp"
#include "netkeel/cli/server_client_flags.hpp"
#include "netkeel/cli/time_range_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/server/bad_request.hpp"
#include "netkeel/server/range_result_json.hpp"
#include "netkeel/server/series_selector_text.hpp"
#include "netkeel/store/series.hpp"

namespace netkeel::cli {
namespace {

std::string utc_time(store::TimestampMs ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[96];  // room for any int fields, so the compiler can prove nothing is cut
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(((ms % 1000) + 1000) % 1000));
  return text;
}

std::string value_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string table(const server::RangeResult& result) {
  if (result.series.empty()) return "no series of " + result.query.selector.metric + " has points in this range\n";
  std::string out;
  for (const auto& s : result.series) {
    out += store::canonical_key(s.series) + "\n";
    for (const auto& p : s.points) out += "  " + utc_time(p.timestamp_ms) + "  " + value_text(p.value) + "\n";
  }
  return out;
}

}  // namespace

void add_query_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("query", "Range query of one metric on the server (docs/server.md)");
  struct Flags {
    std::string metric;
    std::vector<std::string> match;
    TimeRangeFlags range;
    std::string step = "10s", agg = "avg", format = "table";
    ServerClientFlags connection;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("SELECTOR", f->metric,
                  "Metric name, or a Prometheus selector: 'netkeel_probe_sent_total{src=\"n1\",dst=~\"cmp.*\"}'")
      ->required();
  cmd->add_option("--match", f->match, "Label matcher L=V, L!=V, L=~REGEX or L!~REGEX; repeatable (default: none)");
  cmd->add_option("--since", f->range.since, "The last DURATION, e.g. 5m (default 5m unless --start is given)");
  cmd->add_option("--start", f->range.start, "Range start: ms since the Unix epoch, now or now-DURATION");
  cmd->add_option("--end", f->range.end, "Range end, as --start (default now)");
  cmd->add_option("--step", f->step, "One point per step, aggregated; 0 = raw samples (default 10s)");
  cmd->add_option("--agg", f->agg, "Step aggregation: avg, min, max, sum or last (default avg)")
      ->check(CLI::IsMember({"avg", "min", "max", "sum", "last"}));
  cmd->add_option("--format", f->format, "table or json (default table)")->check(CLI::IsMember({"table", "json"}));
  add_server_client_flags(*cmd, f->connection);
  cmd->callback([f, &exit_code] {
    server::SeriesSelectorText selector;
    try {
      selector = server::parse_series_selector_text(f->metric);
    } catch (const server::BadRequest& e) {
      throw UsageError(e.what());
    }
    QueryString query = {{"metric", selector.metric}};
    for (const auto& m : selector.matchers) query.emplace_back("match", m);
    for (const auto& m : f->match) query.emplace_back("match", m);
    append_time_range(f->range, "5m", query);
    query.emplace_back("step", f->step);
    query.emplace_back("agg", f->agg);
    const ApiTarget target = resolve_api_target(f->connection);
    http::CurlHttpClient client(target.tls);
    const nlohmann::json json = get_api_json(client, target, "/api/v1/query_range", query);
    if (f->format == "json") {
      std::printf("%s\n", json.dump(2).c_str());
    } else {
      std::fputs(table(server::range_result_from_json(json)).c_str(), stdout);
    }
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
