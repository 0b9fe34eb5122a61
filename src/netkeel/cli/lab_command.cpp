// `netkeel lab up|down|list|status|exec|fault|heal`: a whole site emulated in network namespaces on this machine
// (docs/lab.md). The work is done by lab::LabRunner; this file wires flags to it.
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/planned_site.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/process.hpp"
#include "netkeel/lab/flap_driver.hpp"
#include "netkeel/lab/flap_schedule.hpp"
#include "netkeel/lab/lab_keep.hpp"
#include "netkeel/lab/lab_runner.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::cli {
namespace {

struct LabOptions {
  std::string site_path;
  std::string name;
  bool no_apply = false;
  bool keep_on_failure = false;
  std::string node;
  std::vector<std::string> command;
  std::string fault_kind;
  std::string target;
  double percent = 0;
  std::string direction = "both";
  std::string fault_id;
  bool all = false;
  std::string other_group;
  std::string network;
  bool no_agents = false;
  bool no_keep = false;
  int per_minute = 0;
  std::string duration;
  std::string flap_netns, flap_ifname;
};

std::string self_binary() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw RuntimeError("cannot find the netkeel binary (/proc/self/exe)");
  return std::string(buf, static_cast<size_t>(n));
}

void require_root() {
  if (::geteuid() != 0) throw RuntimeError("netkeel lab needs root (it creates network namespaces)");
}

// --name, or the only lab there is.
std::string pick_lab(const lab::LabStore& store, const std::string& name) {
  if (!name.empty()) return name;
  auto labs = store.list();
  if (labs.size() == 1) return labs.front();
  if (labs.empty()) throw UsageError("no lab is running (start one with `netkeel lab up SITE`)");
  std::string all;
  for (const auto& l : labs) all += (all.empty() ? "" : ", ") + l;
  throw UsageError("several labs are running (" + all + "): say which with --name");
}

// --name, which must exist, or the only lab there is.
std::string pick_existing_lab(const lab::LabStore& store, const std::string& name) {
  if (name.empty() || store.exists(name)) return pick_lab(store, name);
  std::string all;
  for (const auto& l : store.list()) all += (all.empty() ? "" : ", ") + l;
  throw UsageError("no lab named " + name +
                   (all.empty() ? std::string(": no lab is running (start one with `netkeel lab up SITE`)")
                                : ": the labs are " + all + "; say which with --name"));
}

int run_up(const LabOptions& o) {
  require_root();
  auto planned = load_planned_site(o.site_path);
  if (!planned) return kExitInvalidInput;
  lab::UpOptions up;
  up.lab = o.name.empty() ? planned->site.name : o.name;
  if (o.name.empty() && !lab::is_valid_lab_name(up.lab)) up.lab = "lab";
  up.site_file = std::filesystem::absolute(o.site_path).string();
  up.netkeel_binary = self_binary();
  up.configure_hosts = !o.no_apply;
  up.keep_on_failure = o.keep_on_failure;
  up.start_agents = !o.no_agents;
  up.start_keep = !o.no_keep;
  lab::ProcessRunner runner;
  lab::LabStore store;
  lab::LabRunner lab_runner(runner, store, stdout);
  auto result = lab_runner.up(planned->site, planned->plan, up);
  return result.hosts_failed > 0 ? kExitRuntimeFailure : kExitOk;
}

}  // namespace

void add_lab_command(CLI::App& app, int& exit_code) {
  auto* lab = app.add_subcommand("lab", "Emulate a whole site in network namespaces on this machine (docs/lab.md)");
  lab->require_subcommand(1);
  auto o = std::make_shared<LabOptions>();

  auto* up = lab->add_subcommand("up", "Build the site's hosts, switches and cables; configure each host with apply");
  up->add_option("SITE", o->site_path, "Site file (YAML)")->required();
  up->add_option("--name", o->name, "Lab name (1-20 of a-z 0-9 -); default: the site's name");
  up->add_flag("--no-apply", o->no_apply, "Build cables and switches only; leave the hosts unconfigured");
  up->add_flag("--keep-on-failure", o->keep_on_failure,
               "When up fails, keep what was built for inspection (remove it later with lab down)");
  up->add_flag("--no-agents", o->no_agents, "Start no `netkeel agent` in the hosts (default: one per configured host)");
  up->add_flag("--no-keep", o->no_keep,
               "Start no etcd, keepers or service stand-ins (default: when the site has VIPs, etcd on three hosts, "
               "a keeper in every configured host and a stand-in for each service)");
  up->callback([o, &exit_code] { exit_code = run_up(*o); });

  auto* down = lab->add_subcommand("down", "Remove everything the lab created (also after a killed lab up)");
  down->add_option("--name", o->name, "Lab name; default: the only lab");
  down->callback([o, &exit_code] {
    require_root();
    lab::ProcessRunner runner;
    lab::LabStore store;
    lab::LabRunner(runner, store, stdout).down(pick_lab(store, o->name));
    exit_code = kExitOk;
  });

  auto* list = lab->add_subcommand("list", "Labs on this machine");
  list->callback([&exit_code] {
    lab::ProcessRunner runner;
    lab::LabStore store;
    std::fputs(lab::LabRunner(runner, store, stdout).list().c_str(), stdout);
    exit_code = kExitOk;
  });

  auto* status = lab->add_subcommand("status", "Hosts (backend and why), switches (OVS, LACP), links up/down");
  status->add_option("--name", o->name, "Lab name; default: the only lab");
  status->callback([o, &exit_code] {
    lab::ProcessRunner runner;
    lab::LabStore store;
    const std::string name = pick_existing_lab(store, o->name);
    std::fputs(lab::LabRunner(runner, store, stdout).status(name).c_str(), stdout);
    if (std::filesystem::exists(lab::etcd_endpoints_file(store, name))) {
      std::printf("\nvips (netkeel keep status --lab %s):\n%s", name.c_str(), lab_vip_status(name).c_str());
    }
    exit_code = kExitOk;
  });

  auto* fault = lab->add_subcommand("fault", "Inject a fault; prints its id (undo with lab heal ID)");
  fault->add_option("KIND", o->fault_kind,
                    "link-down | switch-down | host-down | loss | partition | flap | service-down")
      ->required();
  fault->add_option("TARGET", o->target,
                    "link-down, loss, flap: HOST:NIC or SWITCH:PORT; switch-down: SWITCH; host-down: HOST; "
                    "partition: GROUP (HOST,HOST or rack:NAME); service-down: SERVICE[@HOST]")
      ->required();
  fault->add_option("--per-minute", o->per_minute, "flap: down/up cycles per minute, 1-600");
  fault->add_option("--for", o->duration, "flap: how long, e.g. 30s, 2m (units ms, s, m, h; default unit s)");
  fault->add_option("GROUP", o->other_group, "partition: the second group");
  fault->add_option("--network", o->network, "partition: cut only this network (default: every network)");
  auto* percent = fault->add_option("--percent", o->percent, "loss: share of frames dropped, 0 < P <= 100");
  fault->add_option("--direction", o->direction, "loss: in | out | both, seen from the target end")
      ->capture_default_str();
  fault->add_option("--name", o->name, "Lab name; default: the only lab");
  fault->callback([o, percent, &exit_code] {
    require_root();
    lab::FaultRequest request;
    request.kind = lab::parse_fault_kind(o->fault_kind);
    request.target = o->target;
    request.percent = o->percent;
    request.direction = lab::parse_fault_direction(o->direction);
    request.other_group = o->other_group;
    request.network = o->network;
    if (request.kind != lab::FaultRequest::Kind::loss && percent->count() > 0)
      throw UsageError("--percent belongs to the loss fault only");
    if (request.kind == lab::FaultRequest::Kind::loss && percent->count() == 0)
      throw UsageError("loss needs --percent P, the share of frames dropped (0 < P <= 100), e.g. lab fault loss " +
                       o->target + " --percent 5");
    const bool flap = request.kind == lab::FaultRequest::Kind::flap;
    if (flap && (o->per_minute == 0 || o->duration.empty()))
      throw UsageError("flap needs --per-minute N and --for DURATION (e.g. lab fault flap node1:eno1 --per-minute 30 --for 1m)");
    if (!flap && (o->per_minute != 0 || !o->duration.empty()))
      throw UsageError("--per-minute and --for belong to the flap fault only");
    request.per_minute = o->per_minute;
    if (flap) request.duration = lab::parse_duration(o->duration, "--for");
    if ((request.kind == lab::FaultRequest::Kind::partition) == o->other_group.empty())
      throw UsageError("partition takes two groups (lab fault partition GROUP GROUP); other faults one target");
    lab::ProcessRunner runner;
    lab::LabStore store;
    lab::LabRunner(runner, store, stdout).fault(pick_existing_lab(store, o->name), request, self_binary());
    exit_code = kExitOk;
  });

  auto* heal = lab->add_subcommand("heal", "Undo a fault (lab heal ID) or every fault (lab heal --all)");
  heal->add_option("FAULT-ID", o->fault_id, "The id lab fault printed (f1, f2, ...)");
  heal->add_flag("--all", o->all, "Undo every active fault");
  heal->add_option("--name", o->name, "Lab name; default: the only lab");
  heal->callback([o, &exit_code] {
    require_root();
    if (o->all == !o->fault_id.empty()) throw UsageError("lab heal takes a FAULT-ID or --all (one of them)");
    lab::ProcessRunner runner;
    lab::LabStore store;
    lab::LabRunner(runner, store, stdout).heal(pick_existing_lab(store, o->name), o->fault_id);
    exit_code = kExitOk;
  });

  // Hidden: the process behind a flap fault, started by `lab fault flap` as a lab service.
  auto* flap_driver = lab->add_subcommand("flap-driver", "Take an interface down and up on a schedule (lab fault flap)");
  flap_driver->group("");
  flap_driver->add_option("--netns", o->flap_netns, "Namespace of the interface")->required();
  flap_driver->add_option("--ifname", o->flap_ifname, "The interface")->required();
  flap_driver->add_option("--per-minute", o->per_minute, "Down/up cycles per minute")->required();
  flap_driver->add_option("--for", o->duration, "How long")->required();
  flap_driver->callback([o, &exit_code] {
    require_root();
    lab::ProcessRunner runner;
    lab::FlapDriverOptions options{o->flap_netns, o->flap_ifname, o->per_minute, lab::parse_duration(o->duration, "--for")};
    int cycles = lab::run_flap_driver(runner, options);
    std::printf("flap-driver: %s in %s: %d down/up cycles, left up\n", o->flap_ifname.c_str(), o->flap_netns.c_str(), cycles);
    exit_code = kExitOk;
  });

  auto* exec = lab->add_subcommand("exec", "Run a command inside a host's (or switch's) namespace: exec NODE -- CMD...");
  exec->add_option("--name", o->name, "Lab name; default: the only lab");
  exec->add_option("NODE", o->node, "Host, switch, or switch instance (tor1+tor2)")->required();
  exec->add_option("COMMAND", o->command, "The command and its arguments (after --)")->required();
  exec->callback([o, &exit_code] {
    require_root();
    lab::ProcessRunner runner;
    lab::LabStore store;
    auto netns = lab::LabRunner(runner, store, stdout).namespace_of(pick_existing_lab(store, o->name), o->node);
    std::fflush(stdout);
    // exec, not a child: the terminal, stdin and the exit status are the command's own.
    const std::string why = replace_this_process(lab::in_netns(netns, o->command));
    std::fprintf(stderr, "netkeel lab exec: %s\n", why.c_str());
    exit_code = kExitRuntimeFailure;
  });
}

std::string lab_parse_error_hint(CLI::App& app, const CLI::ParseError& error) {
  CLI::App* lab = app.get_subcommand("lab");
  CLI::App* exec = lab->get_subcommand("exec");
  if (exec->parsed() && dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    return "hint: put the command after --, so that its options stay its own: netkeel lab exec NODE -- COMMAND "
           "ARGS... (e.g. netkeel lab exec srv1 -- ip -br a)";
  }
  return "";
}

}  // namespace netkeel::cli
