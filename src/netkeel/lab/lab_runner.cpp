#include "netkeel/lab/lab_runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
#include "netkeel/lab/checksum_offload.hpp"
#include "netkeel/lab/lab_apply_target.hpp"
#include "netkeel/lab/kernel_probe.hpp"
#include "netkeel/lab/lab_keep.hpp"
#include "netkeel/lab/lab_server.hpp"
#include "netkeel/lab/lab_service.hpp"
#include "netkeel/lab/ovs_bridge_config.hpp"
#include "netkeel/lab/ovs_instance.hpp"

namespace netkeel::lab {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string last_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  auto nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

// The line that says what went wrong: the first "error" line, else the first line.
std::string first_error_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, first;
  while (std::getline(in, line)) {
    if (line.find("error") != std::string::npos) return line;
    if (first.empty()) first = line;
  }
  return first;
}

// Every process still living in `netns` (the lab's own: shells from `lab exec`, OVS host backends).
void kill_namespace_processes(CommandRunner& run, const std::string& netns) {
  auto r = run.run({"ip", "netns", "pids", netns});
  if (!r.ok()) return;
  std::istringstream in(r.out);
  int pid = 0;
  while (in >> pid) terminate_process(pid, 2000);
}

// Operational state of every interface in a namespace: ifname -> "UP" / "DOWN" / "LOWERLAYERDOWN"...
std::map<std::string, std::string> link_states(CommandRunner& run, const std::string& netns) {
  std::map<std::string, std::string> states;
  auto r = run.run({"ip", "-n", netns, "-j", "link", "show"});
  if (!r.ok()) return states;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (!j.is_array()) return states;
  for (const auto& l : j) {
    std::string name = l.value("ifname", "");
    std::string state = l.value("operstate", "UNKNOWN");
    states[name] = state;
  }
  return states;
}

// "negotiated" / "not negotiated" (and the member count in sync) from `ovs-appctl lacp/show BOND`.
std::string lacp_summary(OvsInstance& ovs, const std::string& bond) {
  auto r = ovs.appctl({"lacp/show", bond});
  if (!r.ok()) return "unknown (" + last_line(r.err) + ")";
  bool negotiated = r.out.find("negotiated") != std::string::npos && r.out.find("status: active negotiated") != std::string::npos;
  int current = 0, members = 0;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("member:", 0) == 0 || line.rfind("slave:", 0) == 0) {
      ++members;
      if (line.find("current attached") != std::string::npos) ++current;
    }
  }
  return fmt::format("{}, {}/{} members attached", negotiated ? "negotiated" : "NOT negotiated", current, members);
}

// A host's OVS bond: its LACP state, or for a bond without LACP (active-backup) `ovs-appctl bond/show`:
// the mode, the enabled members and the active one.
std::string host_bond_summary(OvsInstance& ovs, const std::string& bond) {
  auto lacp = ovs.appctl({"lacp/show", bond});
  if (lacp.ok()) return "LACP " + bond + ": " + lacp_summary(ovs, bond);
  auto r = ovs.appctl({"bond/show", bond});
  if (!r.ok()) return "bond " + bond + ": unknown (" + last_line(r.err) + ")";
  std::string mode, active;
  int enabled = 0, members = 0;
  std::istringstream in(r.out);
  std::string line, member;
  while (std::getline(in, line)) {
    if (line.rfind("bond_mode: ", 0) == 0) mode = line.substr(11);
    if (line.rfind("member ", 0) == 0 || line.rfind("slave ", 0) == 0) {
      auto colon = line.find(':');
      member = line.substr(line.find(' ') + 1, colon - line.find(' ') - 1);
      ++members;
      if (line.find("enabled") != std::string::npos && line.find("disabled") == std::string::npos) ++enabled;
    }
    if (line.find("active member") != std::string::npos || line.find("active slave") != std::string::npos) active = member;
  }
  return fmt::format("bond {}: {}, {}/{} members enabled, active {}", bond, mode.empty() ? "?" : mode, enabled, members,
                     active.empty() ? "none" : active);
}

}  // namespace

std::vector<std::string> existing_namespaces(CommandRunner& runner) {
  std::vector<std::string> names;
  auto r = runner.run({"ip", "netns", "list"});
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    auto name = line.substr(0, line.find(' '));  // "NAME (id: 3)"
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

void LabRunner::say(const std::string& line) {
  if (out_) std::fprintf(out_, "%s\n", line.c_str());
}

void LabRunner::must(const std::vector<std::string>& argv) {
  auto r = run_.run(argv);
  if (!r.ok()) throw RuntimeError(describe_failure(argv, r));
}

UpResult LabRunner::up(const site::Site& site, const plan::ClusterPlan& plan, const UpOptions& options) {
  if (!is_valid_lab_name(options.lab))
    throw UsageError("invalid lab name '" + options.lab +
                     "': use 1-20 characters of a-z, 0-9 and '-', starting with a letter or digit (--name)");
  if (store_.exists(options.lab))
    throw UsageError("lab " + options.lab + " already exists; remove it first with `netkeel lab down --name " +
                     options.lab + "`, or pick another --name");
  LabManifest m;
  m.lab = options.lab;
  m.site_file = options.site_file;
  m.site = site.name;
  store_.save(m);
  UpResult result;
  try {
    build(site, plan, options, m, result);
  } catch (const std::exception&) {
    m.phase = LabPhase::failed;
    store_.save(m);
    if (!options.keep_on_failure) {
      say("lab " + options.lab + ": up failed, removing what was built");
      down(options.lab);
    }
    throw;
  }
  return result;
}

void LabRunner::build(const site::Site& site, const plan::ClusterPlan& plan, const UpOptions& options,
                      LabManifest& m, UpResult& result) {
  // Kernel features decide each host's backend; probe them in a scratch namespace of this lab.
  const std::string probe_ns = lab_namespace(options.lab, "-probe");
  create_namespace(m, probe_ns);
  KernelFeatures kernel = probe_kernel_features(run_, probe_ns);
  must({"ip", "netns", "del", probe_ns});
  m.namespaces.erase(std::remove(m.namespaces.begin(), m.namespaces.end(), probe_ns), m.namespaces.end());
  store_.save(m);
  say(fmt::format("kernel: bonding {}, 802.1q {}", kernel.bonding ? "yes" : "no", kernel.vlan ? "yes" : "no"));

  auto built = build_lab_topology(site, plan, options.lab, kernel);
  if (!built.topology) throw UsageError("cannot emulate this site:\n" + format_diagnostics(built.diagnostics));
  const LabTopology& topo = *built.topology;
  auto existing = existing_namespaces(run_);
  for (const auto& ns : topo.namespaces())
    if (contains(existing, ns))
      throw UsageError("namespace " + ns + " already exists (another lab or a leftover); remove it or pick another --name");

  for (const auto& h : topo.hosts) {
    HostRecord rec{h.name, h.netns, site::to_string(h.backend), h.backend_reason, "not configured yet", "", {}};
    if (const auto* hp = plan.find_host(h.name)) {
      rec.rack = hp->rack;
      for (const auto& n : hp->networks) rec.addresses[n.network] = n.address.str();
    }
    m.hosts.push_back(std::move(rec));
  }
  for (const auto& s : topo.switches) {
    SwitchRecord rec{s.name, s.netns, s.members, {}};
    for (const auto& b : s.bonds)
      if (b.lacp) rec.bonds.push_back(b.name);
    m.switches.push_back(std::move(rec));
  }
  auto owner = [&](const VethEnd& end) -> const SwitchPort* {
    for (const auto& s : topo.switches)
      if (s.netns == end.netns) return s.find_port(end.ifname);
    return nullptr;
  };
  for (const auto& l : topo.links) {
    const auto *pa = owner(l.a), *pb = owner(l.b);
    m.links.push_back({l.id, l.role == LinkRole::cable ? "cable" : "uplink", l.a.netns, l.a.ifname, l.b.netns,
                       l.b.ifname, pa ? pa->member : "", pb ? pb->member : "",
                       l.role == LinkRole::cable && pb ? pb->site_port : ""});
  }
  store_.save(m);

  // Each phase line says how long it took: where `lab up` spends its time (bench/lab_up_bench.sh).
  auto phase_start = std::chrono::steady_clock::now();
  auto took = [&] {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - phase_start).count();
    phase_start = now;
    return fmt::format("({:.1f} s)", seconds);
  };
  // Every namespace recorded (one manifest write) before the first is created.
  for (const auto& ns : topo.namespaces()) m.namespaces.push_back(ns);
  store_.save(m);
  for (const auto& ns : topo.namespaces()) must({"ip", "netns", "add", ns});
  say(fmt::format("namespaces: {} created {}", topo.namespaces().size(), took()));
  create_links(m.lab, topo.namespaces(), topo.links);
  say(fmt::format("links: {} veth pairs {}", topo.links.size(), took()));
  start_switches(m, topo.switches);
  say(fmt::format("switches: {} OVS instances {}", topo.switches.size(), took()));

  if (options.configure_hosts) {
    configure_hosts(m, topo.hosts, options, result);
  } else {
    for (const auto& h : topo.hosts) m.find_host(h.name)->configuration = "not configured (--no-apply)";
    store_.save(m);
  }
  if (options.configure_hosts)
    say(fmt::format("hosts: {} configured, {} failed {}", result.hosts_configured, result.hosts_failed, took()));
  std::optional<LabServer> server;  // the agents ship to it, the keepers post their events to it
  std::string dashboard_url;
  if (options.start_agents && options.configure_hosts) {
    if (auto placement = choose_server_placement(m)) {
      server = start_lab_server(store_, m, *placement, options.netkeel_binary);
      say(fmt::format("server: {} for this machine, {} for the agents (in {}'s namespace, network {}) {}",
                      server->local_url, server->agent_url, placement->host, placement->network, took()));
      dashboard_url = server->local_url + "/";
    }
    // Keep starts after the agents (its keepers read the agents' probe results), but each agent is told
    // where its keeper will be: it ships the keeper's metrics once it answers.
    const bool keep_runs = options.start_keep && !plan.vips.empty();
    for (const auto& h : topo.hosts) start_agent(m, h, options, server ? &*server : nullptr, keep_runs, result);
    say(fmt::format("agents: {} started{} {}", result.agents_started, server ? ", shipping to the server" : "",
                    took()));
  }
  if (options.start_keep && options.configure_hosts && !plan.vips.empty()) {
    // Keep is one of the lab's three jobs: when it cannot start (no etcd installed, a member that does not
    // come up), the lab still serves Fit and See, and says what is missing.
    try {
      LabKeepOptions keep_options{options.site_file, options.netkeel_binary};
      if (server) {
        keep_options.event_args = {"--server", server->agent_url, "--token-file", server->token_file.string()};
        // The site from the lab's server, as the agents take it: an edit reaches the keepers without a restart.
        keep_options.site_from = server->agent_url;
        keep_options.site_cache_dir = store_.dir(m.lab) / "site-cache";
      }
      const LabKeep keep = start_lab_keep(store_, m, site, plan, keep_options);
      std::string members;
      for (const auto& member : keep.members) members += (members.empty() ? "" : ", ") + member.host;
      say(fmt::format("keep: etcd on {}, {} keepers, {} service stand-ins {}", members, keep.keepers, keep.stand_ins,
                      took()));
    } catch (const RuntimeError& e) {
      say(std::string("keep: not started: ") + e.what());
    }
  }
  m.phase = LabPhase::up;
  store_.save(m);
  say(fmt::format("lab {} is up: {} hosts ({} configured, {} failed), {} switches; see `netkeel lab status --name {}`",
                  options.lab, topo.hosts.size(), result.hosts_configured, result.hosts_failed, topo.switches.size(),
                  options.lab));
  if (!dashboard_url.empty()) say("dashboard: " + dashboard_url + " (open on this machine, no sign-in)");
}

void LabRunner::create_namespace(LabManifest& m, const std::string& netns) {
  m.namespaces.push_back(netns);  // recorded first: a kill between the two lines leaves nothing unknown
  store_.save(m);
  must({"ip", "netns", "add", netns});
  must({"ip", "-n", netns, "link", "set", "lo", "up"});
}

void LabRunner::create_links(const std::string& lab, const std::vector<std::string>& namespaces,
                             const std::vector<LabLink>& links) {
  // One `ip -n NS -batch FILE` per namespace and step instead of a process per command: lab up is
  // bound by process starts. Both ends of every veth are created directly inside lab namespaces.
  const auto dir = store_.dir(lab) / "batch";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw RuntimeError("cannot create " + dir.string() + ": " + ec.message());
  auto run_batches = [&](const std::map<std::string, std::string>& per_namespace, const std::string& step) {
    for (const auto& [ns, commands] : per_namespace) {
      if (commands.empty()) continue;
      const auto file = (dir / (ns + "." + step)).string();
      std::ofstream(file) << commands;
      must({"ip", "-n", ns, "-batch", file});
    }
  };
  std::map<std::string, std::string> adds, ups;
  for (const auto& ns : namespaces) adds[ns] += "link set lo up\n";
  for (const auto& l : links) {
    adds[l.a.netns] += fmt::format("link add {} mtu {} address {} type veth peer name {} netns {} mtu {} address {}\n",
                                   l.a.ifname, l.mtu, l.a.mac.str(), l.b.ifname, l.b.netns, l.mtu, l.b.mac.str());
    ups[l.a.netns] += "link set " + l.a.ifname + " up\n";
    ups[l.b.netns] += "link set " + l.b.ifname + " up\n";
  }
  run_batches(adds, "add");
  for (const auto& l : links)
    for (const auto* end : {&l.a, &l.b}) disable_checksum_offload(end->netns, end->ifname);
  run_batches(ups, "up");
}

void LabRunner::start_switches(LabManifest& m, const std::vector<SwitchInstance>& switches) {
  // Recorded before any starts; then started side by side (each its own namespace and directory).
  std::vector<std::string> dirs;
  for (const auto& sw : switches) {
    dirs.push_back((store_.dir(m.lab) / "ovs" / sw.name).string());
    m.ovs.push_back({sw.name, sw.netns, dirs.back()});
  }
  store_.save(m);
  std::vector<std::exception_ptr> errors(switches.size());
  std::vector<std::thread> workers;
  for (size_t i = 0; i < switches.size(); ++i)
    workers.emplace_back([&, i] {
      try {
        start_switch(switches[i], dirs[i]);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  for (auto& w : workers) w.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

void LabRunner::start_switch(const SwitchInstance& sw, const std::string& dir) {
  OvsInstance ovs(run_, sw.netns, dir);
  ovs.start();
  ovs.vsctl(bridge_transaction(sw));
  if (!sw.routing) return;
  must(in_netns(sw.netns, {"sysctl", "-q", "-w", "net.ipv4.ip_forward=1"}));
  for (const auto& p : sw.ports)
    if (p.routed && p.address) must({"ip", "-n", sw.netns, "addr", "add", p.address->address().str() + "/31", "dev", p.name});
  for (const auto& g : sw.gateways) {
    for (const auto& a : g.addresses)
      must({"ip", "-n", sw.netns, "addr", "add", a.address().str() + "/" + std::to_string(a.length()), "dev", g.name});
    must({"ip", "-n", sw.netns, "link", "set", g.name, "up"});
  }
  for (const auto& r : sw.routes) {
    if (r.via.empty()) continue;
    std::vector<std::string> argv{"ip", "-n", sw.netns, "route", "replace", r.destination.str()};
    if (r.via.size() == 1) {
      argv.insert(argv.end(), {"via", r.via[0].str()});
    } else {
      for (const auto& v : r.via) argv.insert(argv.end(), {"nexthop", "via", v.str()});
    }
    must(argv);
  }
}

void LabRunner::configure_hosts(LabManifest& m, const std::vector<LabHost>& hosts, const UpOptions& options,
                                UpResult& result) {
  // Every host's OVS (OVS backend) is recorded before anything starts, so `lab down` finds it.
  std::vector<std::string> ovs_dirs(hosts.size());
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (hosts[i].backend != site::Backend::ovs) continue;
    ovs_dirs[i] = (store_.dir(m.lab) / "ovs" / ("host-" + hosts[i].name)).string();
    m.ovs.push_back({hosts[i].name, hosts[i].netns, ovs_dirs[i]});
  }
  store_.save(m);
  // Hosts are independent (own namespace, own OVS, own ownership record): configure them in
  // parallel. Each worker only runs commands; the manifest is updated afterwards, on this thread.
  struct Outcome {
    std::vector<std::string> argv;
    CommandResult result;
    std::string ovs_error;
  };
  std::vector<Outcome> outcomes(hosts.size());
  auto configure = [&](size_t i) {
    const auto& host = hosts[i];
    auto& out = outcomes[i];
    // apply's ownership record lives in the lab directory, so `lab down` removes it with the lab.
    out.argv = {options.netkeel_binary, "apply", options.site_file, "--host", host.name, "--netns", host.netns,
                "--state-dir", lab_apply_state_dir(store_.dir(m.lab)).string()};
    if (!ovs_dirs[i].empty()) {
      try {
        OvsInstance(run_, host.netns, ovs_dirs[i]).start();
      } catch (const std::exception& e) {
        out.ovs_error = e.what();
        return;
      }
      out.argv.insert(out.argv.end(), {"--backend", "ovs", "--ovs-db", ovs_db_target(ovs_dirs[i])});
    }
    CommandOptions opts;
    opts.timeout = std::chrono::seconds(120);
    out.result = run_.run(out.argv, opts);
  };
  std::vector<std::thread> workers;
  for (size_t i = 0; i < hosts.size(); ++i) workers.emplace_back(configure, i);
  for (auto& w : workers) w.join();
  for (size_t i = 0; i < hosts.size(); ++i) {
    auto* rec = m.find_host(hosts[i].name);
    const auto& out = outcomes[i];
    if (!out.ovs_error.empty()) {
      rec->configuration = "apply failed: error: cannot start its OVS: " + out.ovs_error;
      ++result.hosts_failed;
      say("host " + hosts[i].name + ": cannot start its OVS: " + out.ovs_error);
    } else if (out.result.ok()) {
      rec->configuration = "applied";
      ++result.hosts_configured;
    } else {
      rec->configuration = "apply failed: " + first_error_line(out.result.err.empty() ? out.result.out : out.result.err);
      ++result.hosts_failed;
      say("host " + hosts[i].name + ": " + describe_failure(out.argv, out.result));
    }
  }
  store_.save(m);
}

void LabRunner::start_agent(LabManifest& m, const LabHost& host, const UpOptions& options, const LabServer* server,
                            bool keep_runs, UpResult& result) {
  auto* rec = m.find_host(host.name);
  if (rec->configuration != "applied") {
    say("host " + host.name + ": no agent (the host is not configured)");
    return;
  }
  // /metrics on the mgmt address: control traffic crosses the emulated management network.
  auto mgmt = rec->addresses.find("mgmt");
  std::string listen = (mgmt == rec->addresses.end() ? "0.0.0.0" : mgmt->second) + ":" + std::to_string(kLabMetricsPort);
  ServiceSpec spec{"agent", host.name,
                   {options.netkeel_binary, "agent", "--host", host.name, "--netns", host.netns, "--metrics-address", listen},
                   "", ""};
  if (server) {
    // The site from the lab's server, as on real hosts (docs/install.md): an edit of the site file reaches
    // the agents through the server, which refuses an invalid one.
    auto shipping = agent_shipping_args(store_, m, *server, host.name);
    spec.argv.insert(spec.argv.end(), shipping.begin(), shipping.end());
    const auto site = agent_site_from_args(store_, m, *server, host.name);
    spec.argv.insert(spec.argv.end(), site.begin(), site.end());
  } else {
    spec.argv.insert(spec.argv.end(), {"--site", options.site_file});
  }
  if (keep_runs) {
    const std::string keeper = lab_keeper_metrics_url(mgmt == rec->addresses.end() ? "" : mgmt->second);
    spec.argv.insert(spec.argv.end(), {"--keeper-metrics", keeper});
  }
  spec.argv.insert(spec.argv.end(), options.agent_args.begin(), options.agent_args.end());
  start_service(store_, m, spec);
  ++result.agents_started;
}

void LabRunner::down(const std::string& lab) {
  if (!store_.exists(lab)) throw UsageError("no lab named " + lab + " (see `netkeel lab list`)");
  LabManifest m;
  try {
    m = store_.load(lab);
  } catch (const RuntimeError&) {
    // Killed before the first manifest write: nothing was created yet.
    store_.remove(lab);
    return;
  }
  m.phase = LabPhase::removing;
  store_.save(m);
  // Services first (newest first): they may use the namespaces and switches removed below.
  for (auto it = m.services.rbegin(); it != m.services.rend(); ++it) stop_service(store_, m, it->id(), StopHow::gracefully);
  for (const auto& o : m.ovs) stop_ovs_daemons(o.dir);
  auto existing = existing_namespaces(run_);
  for (auto it = m.namespaces.rbegin(); it != m.namespaces.rend(); ++it) {
    if (!contains(existing, *it)) continue;
    kill_namespace_processes(run_, *it);
    // Deleting a namespace deletes its veth ends, and with them their peers in the other namespaces.
    auto r = run_.run({"ip", "netns", "del", *it});
    if (!r.ok()) throw RuntimeError(describe_failure({"ip", "netns", "del", *it}, r));
  }
  store_.remove(lab);
  say("lab " + lab + " removed");
}

std::string LabRunner::namespace_of(const std::string& lab, const std::string& node) {
  auto m = store_.load(lab);
  for (const auto& h : m.hosts)
    if (h.name == node) return h.netns;
  for (const auto& s : m.switches)
    if (s.name == node || contains(s.members, node)) return s.netns;
  throw UsageError("lab " + lab + " has no host or switch named '" + node + "' (see `netkeel lab status`)");
}

std::string LabRunner::status(const std::string& lab) {
  auto m = store_.load(lab);
  std::string out = fmt::format("lab {}  site {} ({})  phase {}\n", m.lab, m.site, m.site_file, to_string(m.phase));
  auto existing = existing_namespaces(run_);
  std::map<std::string, std::map<std::string, std::string>> states;
  for (const auto& ns : m.namespaces)
    if (contains(existing, ns)) states[ns] = link_states(run_, ns);
  const auto down = hosts_down(m);
  out += "\nhosts:\n";
  for (const auto& h : m.hosts) {
    const auto frozen = down.find(h.name);
    const char* state = !contains(existing, h.netns) ? "MISSING" : frozen != down.end() ? "DOWN" : "running";
    out += fmt::format("  {:<12} {:<8} backend {:<6} {}\n", h.name, state, h.backend, h.configuration);
    out += fmt::format("  {:<12}          why: {}\n", "", h.reason);
    if (frozen != down.end()) {
      // Its OVS is stopped too: asking it about the bond would hang, and its bond is down with the cables.
      out += fmt::format("  {:<12}          host-down {}: every cable down, every process in {} stopped "
                         "(agent, keeper, OVS: SIGSTOP); `netkeel lab heal {}` resumes them\n",
                         "", frozen->second, h.netns, frozen->second);
      continue;
    }
    auto rec = std::find_if(m.ovs.begin(), m.ovs.end(), [&](const OvsRecord& o) { return o.owner == h.name; });
    if (rec == m.ovs.end()) continue;
    OvsInstance ovs(run_, rec->netns, rec->dir);
    if (!ovs.running()) {
      out += fmt::format("  {:<12}          OVS DOWN\n", "");
      continue;
    }
    // The OVS backend names a plan bond B's OVS bond port B-lag.
    std::string ports;
    try {
      ports = ovs.vsctl({"list-ports", "nk-br0"});
    } catch (const RuntimeError&) {
    }
    std::istringstream in(ports);
    std::string port;
    while (std::getline(in, port))
      if (port.size() > 4 && port.ends_with("-lag"))
        out += fmt::format("  {:<12}          {}\n", "", host_bond_summary(ovs, port));
  }
  out += "\nswitches:\n";
  for (const auto& s : m.switches) {
    auto rec = std::find_if(m.ovs.begin(), m.ovs.end(), [&](const OvsRecord& o) { return o.owner == s.name; });
    bool alive = false;
    std::string members;
    for (const auto& mb : s.members) members += (members.empty() ? "" : ", ") + mb;
    if (rec != m.ovs.end()) {
      OvsInstance ovs(run_, rec->netns, rec->dir);
      alive = ovs.running();
      out += fmt::format("  {:<12} OVS {:<8} emulates {}\n", s.name, alive ? "running" : "DOWN", members);
      if (alive)
        for (const auto& b : s.bonds) out += fmt::format("  {:<12}   LACP {}: {}\n", "", b, lacp_summary(ovs, b));
    } else {
      out += fmt::format("  {:<12} OVS never started\n", s.name);
    }
  }
  out += "\nservices:\n";
  if (m.services.empty()) out += "  none\n";
  for (const auto& s : m.services)
    out += fmt::format("  {:<20} pid {:<8} {:<9} log {}\n", s.id() + (s.host.empty() ? " (root ns)" : ""), s.pid,
                       down.count(s.host) ? "FROZEN" : service_state(s), s.log);
  for (const auto& [host, fault] : down) {
    out += fmt::format("  FROZEN: stopped by fault {} (host-down {}), not crashed; they resume on heal\n", fault, host);
  }
  out += "\nfaults:\n";
  if (m.faults.empty()) out += "  none\n";
  for (const auto& f : m.faults) out += fmt::format("  {:<5} {}\n", f.id, f.description);
  out += "\nlinks:\n";
  for (const auto& l : m.links) {
    auto state = [&](const std::string& ns, const std::string& ifname) {
      auto n = states.find(ns);
      if (n == states.end()) return std::string("gone");
      auto i = n->second.find(ifname);
      return i == n->second.end() ? std::string("gone") : i->second;
    };
    std::string a = state(l.a_netns, l.a_ifname), b = state(l.b_netns, l.b_ifname);
    bool up = (a == "UP" || a == "UNKNOWN") && (b == "UP" || b == "UNKNOWN");
    out += fmt::format("  {:<6} {:<22} {:<4}  {}:{} {} <-> {}:{} {}\n", l.role, l.id, up ? "up" : "DOWN", l.a_netns,
                       l.a_ifname, a, l.b_netns, l.b_ifname, b);
  }
  return out;
}

std::string LabRunner::fault(const std::string& lab, const FaultRequest& request, const std::string& netkeel_binary) {
  auto m = store_.load(lab);
  if (m.phase != LabPhase::up) throw UsageError("lab " + lab + " is " + to_string(m.phase) + ", not up");
  std::string id = "f" + std::to_string(m.next_fault);
  auto plan = plan_fault(m, request, id);
  if (!plan.stop_processes_in.empty()) {
    auto r = run_.run({"ip", "netns", "pids", plan.stop_processes_in});
    std::istringstream in(r.out);
    std::string pid;
    while (in >> pid) {
      plan.inject.push_back({"kill", "-STOP", pid});
      plan.undo.push_back({"kill", "-CONT", pid});
    }
  }
  // Recorded first, so heal can always undo.
  m.faults.push_back({id, plan.description, plan.undo, plan.stop_services, plan.restart_services, plan.frozen_host});
  ++m.next_fault;
  store_.save(m);
  for (const auto& argv : plan.inject) must(argv);
  // A crash, not a pause: the process is killed (SIGKILL); heal starts it again.
  for (const auto& service : plan.restart_services) stop_service(store_, m, service, StopHow::crash);
  if (!plan.flap_netns.empty()) {
    if (netkeel_binary.empty()) throw RuntimeError("flap: no netkeel binary to run the flap driver");
    start_service(store_, m,
                  {"flap-" + id, "",
                   {netkeel_binary, "lab", "flap-driver", "--netns", plan.flap_netns, "--ifname", plan.flap_ifname,
                    "--per-minute", std::to_string(request.per_minute), "--for",
                    std::to_string(request.duration.count()) + "ms"},
                   "", id});
  }
  say(id + " " + plan.description);
  return id;
}

void LabRunner::heal(const std::string& lab, const std::string& fault_id) {
  auto m = store_.load(lab);
  std::vector<FaultRecord> keep;
  bool found = false;
  std::string failures;
  for (const auto& f : m.faults) {
    if (!fault_id.empty() && f.id != fault_id) {
      keep.push_back(f);
      continue;
    }
    found = true;
    for (const auto& service : f.stop_services) {
      if (m.find_service(service)) {
        stop_service(store_, m, service, StopHow::gracefully);
        forget_service(store_, m, service);
      }
    }
    for (const auto& argv : f.undo) {
      auto r = run_.run(argv);
      if (!r.ok()) failures += "\n  " + describe_failure(argv, r);
    }
    for (const auto& service : f.restart_services) {
      try {
        restart_service(store_, m, service);
      } catch (const std::exception& e) {
        failures += "\n  restart " + service + ": " + e.what();
      }
    }
    say("healed " + f.id + " " + f.description);
  }
  if (!fault_id.empty() && !found)
    throw UsageError("lab " + lab + " has no active fault " + fault_id + " (see `netkeel lab status`)");
  m.faults = keep;
  store_.save(m);
  if (!failures.empty()) throw RuntimeError("some undo commands failed:" + failures);
}

std::string LabRunner::list() {
  std::string out;
  for (const auto& lab : store_.list()) {
    try {
      auto m = store_.load(lab);
      out += fmt::format("{:<20} {:<10} site {} ({} hosts, {} switches)\n", lab, to_string(m.phase), m.site, m.hosts.size(),
                         m.switches.size());
    } catch (const RuntimeError&) {
      out += fmt::format("{:<20} {:<10} (no manifest yet)\n", lab, "creating");
    }
  }
  return out;
}

}  // namespace netkeel::lab
