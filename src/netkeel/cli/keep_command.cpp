// `netkeel keep status`: every service's VIP, its MAC, which host holds it, in what state and since when,
// read from etcd (the VIP keys and the keepers' reports; docs/keep.md). With --lab it reads the lab's own
// etcd, from inside a member's namespace.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/planned_site.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/rfc3339_time.hpp"
#include "netkeel/ha/dependency_tree.hpp"
#include "netkeel/ha/etcd_client.hpp"
#include "netkeel/ha/etcd_endpoints.hpp"
#include "netkeel/ha/instance_health.hpp"
#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/ha/vip_candidates.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/lab/lab_keep.hpp"
#include "netkeel/lab/lab_state.hpp"
#include "netkeel/plan/text_table.hpp"
#include "netkeel/server/in_network_namespace.hpp"

namespace netkeel::cli {

namespace {

struct KeepFlags {
  std::optional<std::string> lab;
  std::string etcd;
  std::string site_file;
  std::string format = "table";
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
  std::optional<std::int64_t> since_unix_ms;
  std::vector<Instance> instances;
};

struct Source {
  std::vector<std::string> endpoints;
  std::vector<std::string> namespaces;  // read from inside the first of these that answers (none: here)
  std::string site_file;
};

Source find_source(const KeepFlags& f) {
  Source source;
  source.site_file = f.site_file;
  if (f.lab) {
    const lab::LabStore store;
    if (!store.exists(*f.lab)) throw UsageError("--lab " + *f.lab + ": no lab by that name (see `netkeel lab list`)");
    const lab::LabManifest m = store.load(*f.lab);
    if (source.site_file.empty()) source.site_file = m.site_file;
    std::ifstream in(lab::etcd_endpoints_file(store, *f.lab));
    std::string endpoints, netns;
    if (!std::getline(in, endpoints))
      throw UsageError("lab " + *f.lab + " runs no etcd (it was started with --no-keep, or its site has no VIPs)");
    while (std::getline(in, netns))
      if (!netns.empty()) source.namespaces.push_back(netns);
    source.endpoints = ha::parse_etcd_endpoints(endpoints);
  } else {
    if (f.etcd.empty()) throw UsageError("say where etcd is: --lab NAME or --etcd URL,...");
    source.endpoints = ha::parse_etcd_endpoints(f.etcd);
  }
  if (source.site_file.empty()) throw UsageError("--site FILE is needed with --etcd");
  return source;
}

// DEPENDENCY_TREE (optional) gets ha::dependency_tree_text's tree of the judged instances.
std::vector<ServiceView> read_status(const PlannedSite& planned, const Source& source,
                                     std::string* dependency_tree = nullptr) {
  std::vector<ha::KeyValue> vip_keys, reports;
  auto read = [&] {
    http::CurlHttpClient http;
    SystemClock clock;
    ha::EtcdClient store(http, clock, {source.endpoints, std::chrono::milliseconds(2000)});
    vip_keys = store.list(ha::vip_key_prefix(planned.plan.site));
    reports = store.list(ha::keeper_report_prefix(planned.plan.site));
  };
  // In a lab a member's own namespace may be cut off (host-down, a partition): ask from each in turn.
  std::string failures;
  bool answered = false;
  for (std::size_t i = 0; i < std::max<std::size_t>(source.namespaces.size(), 1) && !answered; ++i) {
    try {
      if (source.namespaces.empty()) read();
      else server::run_in_network_namespace(source.namespaces[i], read);
      answered = true;
    } catch (const ha::KeyValueUnavailable& e) {
      failures += std::string(failures.empty() ? "" : "; ") + e.what();
    }
  }
  if (!answered) throw RuntimeError("etcd did not answer: " + failures);
  std::map<std::string, std::string> holders;
  for (const auto& key : vip_keys) holders[key.key.substr(ha::vip_key_prefix(planned.plan.site).size())] = key.value;
  std::vector<ha::KeeperReport> parsed;
  for (const auto& value : reports)
    if (auto report = ha::parse_keeper_report(value.value)) parsed.push_back(*report);
  const auto judged = ha::judge_instances(planned.site, parsed);
  if (dependency_tree) *dependency_tree = ha::dependency_tree_text(planned.site, judged);
  std::map<std::string, std::vector<std::pair<ha::KeeperReport, ha::InstanceJudgement>>> by_service;
  for (std::size_t i = 0; i < parsed.size(); ++i) by_service[parsed[i].service].emplace_back(parsed[i], judged[i]);

  std::vector<ServiceView> out;
  for (const auto& vip : planned.plan.vips) {
    ServiceView view{vip.service, vip.address.str(), vip.mac.str(), "", "free", std::nullopt, {}};
    if (auto it = holders.find(vip.service); it != holders.end()) view.holder = it->second;
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
  return out;
}

void print_json(const std::vector<ServiceView>& views) {
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
                        {"since", v.since_unix_ms ? nlohmann::json(format_rfc3339_ms(*v.since_unix_ms)) : nlohmann::json(nullptr)},
                        {"instances", instances}});
  }
  std::printf("%s\n", nlohmann::json{{"services", services}}.dump(2).c_str());
}

std::string table_text(const std::vector<ServiceView>& views, const std::string& dependency_tree = "") {
  plan::TextTable table({"SERVICE", "VIP", "MAC", "HOLDER", "STATE", "SINCE", "HEALTHY ON"});
  std::string causes;
  for (const auto& v : views) {
    std::string healthy;
    for (const auto& i : v.instances) {
      if (i.health == "healthy") healthy += (healthy.empty() ? "" : ",") + i.host;
      else causes += "  " + v.name + "@" + i.host + " " + i.health + ": " + i.reason + "\n";
    }
    table.add_row({v.name, v.vip, v.mac, v.holder.empty() ? "-" : v.holder, v.state,
                   v.since_unix_ms ? format_rfc3339_ms(*v.since_unix_ms) : "-", healthy.empty() ? "-" : healthy});
  }
  std::string out = table.render("");
  if (!causes.empty()) out += "\nnot healthy (only a failed instance gives up its VIP):\n" + causes;
  if (!dependency_tree.empty()) out += "\ndependencies (each service above what it depends on):\n" + dependency_tree;
  return out;
}

}  // namespace

std::string lab_vip_status(const std::string& lab) {
  KeepFlags flags;
  flags.lab = lab;
  try {
    const Source source = find_source(flags);
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
  auto f = std::make_shared<KeepFlags>();
  auto* status = keep->add_subcommand("status", "Every service's VIP, MAC, holder, state and since when");
  status->add_option("--lab", f->lab, "Read the etcd of this lab");
  status->add_option("--etcd", f->etcd, "etcd client URLs, comma-separated");
  status->add_option("--site", f->site_file, "The site file (default with --lab: the lab's)");
  status->add_option("--format", f->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  status->callback([f, &exit_code] {
    try {
      const Source source = find_source(*f);
      const auto planned = load_planned_site(source.site_file);
      if (!planned) {
        exit_code = kExitInvalidInput;
        return;
      }
      std::string tree;
      const auto views = read_status(*planned, source, &tree);
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
