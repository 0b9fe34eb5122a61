// `netkeel keep status`: every service's VIP, its MAC, which host holds it, in what state and since when,
// read from etcd (the VIP keys and the keepers' reports; docs/keep.md). With --lab it reads the lab's own
// etcd, from inside a member's namespace.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/keep_operations.hpp"
#include "netkeel/cli/keep_snapshot.hpp"
#include "netkeel/cli/keep_store_access.hpp"
#include "netkeel/cli/planned_site.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/duration.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/rfc3339_time.hpp"
#include "netkeel/ha/dependency_tree.hpp"
#include "netkeel/ha/etcd_endpoints.hpp"
#include "netkeel/ha/handover_value.hpp"
#include "netkeel/ha/instance_health.hpp"
#include "netkeel/ha/keep_admin.hpp"
#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/ha/vip_candidates.hpp"
#include "netkeel/ha/vip_placement.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/plan/text_table.hpp"

namespace netkeel::cli {

namespace {

struct KeepFlags : KeepSourceFlags {
  std::string format = "table";
  bool history = false;
};

struct Instance {
  std::string host;
  std::string state;         // the keeper's ownership state
  std::string health;        // healthy | degraded | failed (ha/instance_health.hpp)
  std::string reason;        // why not healthy
  std::string check;         // the last result of its own check
};

struct ServiceView {
  std::string name, vip, mac, holder, state;
  std::string ideal;          // where the balanced placement puts it ("" none eligible)
  double score = 0;           // the ideal host's rendezvous score
  std::optional<std::int64_t> since_unix_ms;
  std::vector<Instance> instances;
};

struct StatusView {
  std::vector<ServiceView> services;
  std::set<std::string> drained;
  std::vector<ha::OperationRecord> history;
};

// DEPENDENCY_TREE (optional) gets ha::dependency_tree_text's tree of the judged instances.
StatusView read_status(const PlannedSite& planned, const KeepSource& source, bool with_history = false,
                       std::string* dependency_tree = nullptr) {
  KeepSnapshot snapshot;
  with_keep_store(source, [&](ha::KeyValueStore& store) { snapshot = read_keep_snapshot(store, planned.plan.site); });
  StatusView status;
  status.drained = snapshot.admin.drained;
  if (with_history) status.history = snapshot.history;
  const auto& holders = snapshot.holders;
  const auto& parsed = snapshot.reports;
  const auto judged = ha::judge_instances(planned.site, parsed);
  if (dependency_tree) *dependency_tree = ha::dependency_tree_text(planned.site, judged);
  std::map<std::string, std::vector<std::pair<ha::KeeperReport, ha::InstanceJudgement>>> by_service;
  for (std::size_t i = 0; i < parsed.size(); ++i) by_service[parsed[i].service].emplace_back(parsed[i], judged[i]);

  const ha::PlacementInput input = observed_placement_input(planned, snapshot);
  const ha::Placement ideal = ha::place_vips(input, ha::PlacementMode::balance);
  std::vector<ServiceView>& out = status.services;
  for (const auto& vip : planned.plan.vips) {
    ServiceView view{vip.service, vip.address.str(), vip.mac.str(), "", "free", "", 0, std::nullopt, {}};
    if (auto it = holders.find(vip.service); it != holders.end()) view.holder = it->second;
    if (auto it = snapshot.handovers.find(vip.service); it != snapshot.handovers.end())
      view.state = "handover to " + it->second;  // released, not yet taken
    if (const ha::ServicePlacement* placed = ideal.find(vip.service)) {
      view.ideal = placed->host;
      view.score = placed->score;
    }
    for (const auto& [report, judgement] : by_service[vip.service]) {
      view.instances.push_back(
          {report.host, report.state, ha::to_string(judgement.health), judgement.reason, report.health_detail});
      if (report.host == view.holder) {
        view.state = report.state;
        view.since_unix_ms = report.since_unix_ms;
      }
    }
    if (!view.holder.empty() && !view.since_unix_ms) view.state = "unknown";  // its keeper has not reported
    out.push_back(std::move(view));
  }
  return status;
}

// The stored record, plus its time for people.
nlohmann::json history_json(const std::vector<ha::OperationRecord>& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : history) {
    nlohmann::json record = nlohmann::json::parse(ha::to_json(r));
    record["at"] = format_rfc3339_ms(r.at_unix_ms);
    out.push_back(std::move(record));
  }
  return out;
}

void print_json(const StatusView& status) {
  const auto& views = status.services;
  nlohmann::json services = nlohmann::json::array();
  for (const auto& v : views) {
    nlohmann::json instances = nlohmann::json::array();
    for (const auto& i : v.instances)
      instances.push_back(
          {{"host", i.host}, {"state", i.state}, {"health", i.health}, {"reason", i.reason}, {"check", i.check}});
    services.push_back({{"name", v.name},
                        {"vip", v.vip},
                        {"mac", v.mac},
                        {"holder", v.holder.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.holder)},
                        {"state", v.state},
                        {"ideal", v.ideal.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.ideal)},
                        {"score", v.score},
                        {"since", v.since_unix_ms ? nlohmann::json(format_rfc3339_ms(*v.since_unix_ms)) : nlohmann::json(nullptr)},
                        {"instances", instances}});
  }
  nlohmann::json out{{"services", services}, {"drained", status.drained}};
  if (!status.history.empty()) out["history"] = history_json(status.history);
  std::printf("%s\n", out.dump(2).c_str());
}

std::string table_text(const StatusView& status, const std::string& dependency_tree = "") {
  const auto& views = status.services;
  plan::TextTable table({"SERVICE", "VIP", "MAC", "HOLDER", "STATE", "SINCE", "HEALTHY ON", "IDEAL", "SCORE"});
  std::string causes;
  for (const auto& v : views) {
    std::string healthy;
    for (const auto& i : v.instances) {
      if (i.health == "healthy") healthy += (healthy.empty() ? "" : ",") + i.host;
      else causes += "  " + v.name + "@" + i.host + " " + i.health + ": " + i.reason + "\n";
    }
    table.add_row({v.name, v.vip, v.mac, v.holder.empty() ? "-" : v.holder, v.state,
                   v.since_unix_ms ? format_rfc3339_ms(*v.since_unix_ms) : "-", healthy.empty() ? "-" : healthy,
                   v.ideal.empty() ? "-" : v.ideal, v.ideal.empty() ? "-" : fmt::format("{:.2f}", v.score)});
  }
  std::string out = table.render("");
  std::string drained;
  for (const auto& host : status.drained) drained += (drained.empty() ? "" : ", ") + host;
  out += "\ndrained: " + (drained.empty() ? std::string("none") : drained) + "\n";
  if (!status.history.empty()) {
    plan::TextTable history({"WHEN", "BY", "OPERATION", "SERVICE", "FROM", "TO", "RESULT"});
    for (const auto& r : status.history)
      history.add_row({format_rfc3339_ms(r.at_unix_ms), r.by, r.cause, r.service.empty() ? "-" : r.service,
                       r.from.empty() ? "-" : r.from, r.to.empty() ? "-" : r.to, r.result});
    out += "\nhistory:\n" + history.render("");
  }
  if (!causes.empty()) out += "\nnot healthy (only a failed instance gives up its VIP):\n" + causes;
  if (!dependency_tree.empty()) out += "\ndependencies (each service above what it depends on):\n" + dependency_tree;
  return out;
}

void add_source_flags(CLI::App& command, KeepSourceFlags& f) {
  command.add_option("--lab", f.lab, "Use the etcd of this lab");
  command.add_option("--etcd", f.etcd, "etcd client URLs, comma-separated");
  command.add_option("--site", f.site_file, "The site file (default with --lab: the lab's)");
}

struct OperationFlags : KeepSourceFlags {
  KeepOperation operation;
  std::string deadline = "60s";
  std::string settle = "10s";
};

std::chrono::milliseconds duration_option(const std::string& text, const std::string& flag) {
  const auto ms = parse_duration_ms(text);
  if (!ms || *ms <= 0) throw UsageError(flag + " " + text + ": write a positive duration such as 500ms, 30s or 2m");
  return std::chrono::milliseconds(*ms);
}

void add_keep_operation_commands(CLI::App& keep, int& exit_code) {
  struct Verb {
    const char* name;
    const char* help;
    bool service, host;
  };
  const Verb verbs[] = {
      {"drain", "Move every VIP off HOST, one at a time, and keep it out until `keep undrain HOST`", false, true},
      {"undrain", "Let HOST claim VIPs again (nothing moves back until `keep rebalance`)", false, true},
      {"move", "Hand SERVICE's VIP over to HOST", true, true},
      {"rebalance", "Move VIPs toward the ideal placement, one at a time", false, false},
  };
  for (const Verb& verb : verbs) {
    auto f = std::make_shared<OperationFlags>();
    f->operation.verb = verb.name;
    auto* command = keep.add_subcommand(verb.name, verb.help);
    if (verb.service) command->add_option("SERVICE", f->operation.service, "The service whose VIP moves")->required();
    if (verb.host) command->add_option("HOST", f->operation.host, "The host")->required();
    add_source_flags(*command, *f);
    command->add_option("--deadline", f->deadline, "Give up (exit 1) when not done within this")->capture_default_str();
    command->add_option("--settle", f->settle, "Give up when one VIP's handover takes longer than this")
        ->capture_default_str();
    const std::string name = verb.name;
    command->callback([f, name, &exit_code] {
      try {
        f->operation.deadline = duration_option(f->deadline, "--deadline");
        f->operation.settle = duration_option(f->settle, "--settle");
        const KeepSource source = find_keep_source(*f);
        const auto planned = load_planned_site(source.site_file);
        if (!planned) {
          exit_code = kExitInvalidInput;
          return;
        }
        exit_code = run_keep_operation(*planned, source, f->operation);
      } catch (const UsageError& e) {
        std::fprintf(stderr, "netkeel keep %s: %s\n", name.c_str(), e.what());
        exit_code = kExitInvalidInput;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "netkeel keep %s: %s\n", name.c_str(), e.what());
        exit_code = kExitRuntimeFailure;
      }
    });
  }
}

}  // namespace

std::string lab_vip_status(const std::string& lab) {
  KeepFlags flags;
  flags.lab = lab;
  try {
    const KeepSource source = find_keep_source(flags);
    const auto planned = load_planned_site(source.site_file);
    if (!planned) return "  (the lab's site file no longer validates)\n";
    std::string out;
    std::istringstream lines(table_text(read_status(*planned, source)));
    for (std::string line; std::getline(lines, line);) out += "  " + line + "\n";
    return out;
  } catch (const std::exception& e) {
    return std::string("  ") + e.what() + "\n";
  }
}

void add_keep_command(CLI::App& app, int& exit_code) {
  auto* keep = app.add_subcommand("keep", "The site's VIPs: who holds them (see also `netkeel keeper`)");
  keep->require_subcommand(1);
  add_keep_operation_commands(*keep, exit_code);
  auto f = std::make_shared<KeepFlags>();
  auto* status = keep->add_subcommand("status", "Every service's VIP, MAC, holder, state and since when");
  status->add_option("--lab", f->lab, "Read the etcd of this lab");
  status->add_option("--etcd", f->etcd, "etcd client URLs, comma-separated");
  status->add_option("--site", f->site_file, "The site file (default with --lab: the lab's)");
  status->add_option("--format", f->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  status->add_flag("--history", f->history, "Also list every recorded operation (drain, undrain, move, rebalance)");
  status->callback([f, &exit_code] {
    try {
      const KeepSource source = find_keep_source(*f);
      const auto planned = load_planned_site(source.site_file);
      if (!planned) {
        exit_code = kExitInvalidInput;
        return;
      }
      std::string tree;
      const auto views = read_status(*planned, source, f->history, &tree);
      if (f->format == "json") print_json(views);
      else std::printf("%s", table_text(views, tree).c_str());
      exit_code = kExitOk;
    } catch (const UsageError& e) {
      std::fprintf(stderr, "netkeel keep status: %s\n", e.what());
      exit_code = kExitInvalidInput;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "netkeel keep status: %s\n", e.what());
      exit_code = kExitRuntimeFailure;
    }
  });
}

}  // namespace netkeel::cli
