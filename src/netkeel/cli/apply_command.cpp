// `netkeel apply SITE --host NAME [--dry-run] [--prune] [--confirm-timeout S] [--netns NAME]
//  [--check-peer ADDRESS]... [--state-dir DIR]` takes a live host to its plan through netlink, with a
// diff, verification and rollback; `netkeel apply --confirm [--netns NAME] [--state-dir DIR]` keeps a
// change that waits for confirmation. `--lab LAB --host NAME` (or --netns naming a lab host's namespace)
// takes the namespace, backend, OVS database and state directory the lab configured that host with.
// The logic lives in apply::run_apply; this file wires it.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "netkeel/apply/apply_session.hpp"
#include "netkeel/apply/arp_icmp_probe.hpp"
#include "netkeel/apply/confirmation.hpp"
#include "netkeel/apply/ownership_record.hpp"
#include "netkeel/apply/vsctl_ovsdb.hpp"
#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/planned_site.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/kernel/libnl_netlink.hpp"
#include "netkeel/kernel/network_namespace.hpp"
#include "netkeel/kernel/proc_sysctl.hpp"
#include "netkeel/lab/lab_apply_target.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::cli {
namespace {

struct ApplyOptions {
  std::string site_path;
  std::string host;
  bool dry_run = false;
  bool prune = false;
  bool confirm = false;
  std::optional<double> confirm_timeout_s;
  std::string netns;
  std::vector<std::string> check_peers;
  std::string state_dir = "/var/lib/netkeel";
  std::string backend = "site";
  std::string ovs_db = apply::kSystemOvsdbTarget;
  std::string lab;
  std::vector<std::string> explicit_settings;  // which of --netns, --state-dir, --backend, --ovs-db were given
};

// A lab host is applied with the lab's own settings: another state directory would not hold the record of
// what the lab's apply created, and the kernel backend would not see the lab's OVS bonds.
void use_lab_settings(ApplyOptions& o, const lab::LabApplyTarget& target) {
  o.netns = target.netns;
  o.state_dir = target.state_dir;
  o.backend = target.backend;
  if (!target.ovs_db.empty()) o.ovs_db = target.ovs_db;
  if (o.site_path.empty() && !o.confirm) o.site_path = target.site_file;
  std::printf("lab %s host %s: netns %s, backend %s%s, state dir %s\n", target.lab.c_str(), target.host.c_str(),
              target.netns.c_str(), target.backend.c_str(), target.ovs_db.empty() ? "" : (", OVS db " + target.ovs_db).c_str(),
              target.state_dir.c_str());
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// --lab, or --netns naming a lab host's namespace without settings of its own: the lab's settings.
void resolve_lab_host(ApplyOptions& o) {
  const lab::LabStore store;
  if (!o.lab.empty()) {
    if (!o.explicit_settings.empty())
      throw UsageError("--lab sets " + joined(o.explicit_settings) + " itself: leave " +
                       (o.explicit_settings.size() == 1 ? "it" : "them") + " out");
    if (o.host.empty()) throw UsageError("apply --lab " + o.lab + " needs --host NAME: the lab host to apply");
    if (!store.exists(o.lab)) {
      const auto labs = store.list();
      throw UsageError("no lab named " + o.lab +
                       (labs.empty() ? std::string(": no lab is running (netkeel lab up SITE starts one)")
                                     : ": the labs are " + joined(labs)));
    }
    use_lab_settings(o, lab::lab_apply_target(store.load(o.lab), store.dir(o.lab), o.host));
    return;
  }
  if (o.netns.empty() || o.explicit_settings.size() != 1) return;  // only --netns given
  const auto target = lab::lab_apply_target_of_netns(store, o.netns);
  if (!target) return;
  if (!o.host.empty() && o.host != target->host)
    throw UsageError("netns " + o.netns + " is host " + target->host + " of lab " + target->lab + ", not " + o.host +
                     ": give --host " + target->host);
  use_lab_settings(o, *target);
}

std::string host_names(const plan::ClusterPlan& plan) {
  std::string out;
  for (const auto& h : plan.hosts) out += (out.empty() ? "" : ", ") + h.name;
  return out;
}

int run_confirm(const ApplyOptions& o) {
  apply::confirm_pending_apply(apply::confirmation_files(o.state_dir, apply::ownership_scope(o.netns)));
  std::printf("confirmed: the waiting apply%s keeps its changes\n", o.netns.empty() ? "" : (" in netns " + o.netns).c_str());
  return kExitOk;
}

int run_apply_command(ApplyOptions o) {
  resolve_lab_host(o);
  if (o.confirm) {
    if (!o.site_path.empty() || (!o.host.empty() && o.lab.empty()) || o.dry_run || o.prune || o.confirm_timeout_s || !o.check_peers.empty())
      throw UsageError("apply --confirm takes only --netns and --state-dir, or --lab and --host");
    return run_confirm(o);
  }
  if (o.site_path.empty() || o.host.empty()) throw UsageError("apply needs SITE and --host NAME (or --confirm)");
  if (o.backend != "site" && o.backend != "kernel" && o.backend != "ovs" && o.backend != "auto")
    throw UsageError("--backend " + o.backend + ": use site, kernel, ovs or auto");
  if (o.confirm_timeout_s && *o.confirm_timeout_s <= 0) throw UsageError("--confirm-timeout must be more than 0 seconds");
  std::vector<Ipv4Address> peers;
  for (const auto& text : o.check_peers) {
    auto a = Ipv4Address::parse(text);
    if (!a) throw UsageError("--check-peer " + text + ": not an IPv4 address (write it as A.B.C.D)");
    peers.push_back(*a);
  }

  auto planned = load_planned_site(o.site_path);
  if (!planned) return kExitInvalidInput;
  const plan::HostPlan* host = planned->plan.find_host(o.host);
  if (!host) {
    std::fprintf(stderr, "netkeel apply: %s has no host '%s'; hosts: %s\n", o.site_path.c_str(), o.host.c_str(),
                 host_names(planned->plan).c_str());
    return kExitInvalidInput;
  }

  // Kernel features are read from the machine's files before entering the namespace (they are the
  // same kernel's either way).
  auto features = kernel::detect_kernel_features();
  if (!o.netns.empty()) kernel::enter_network_namespace(o.netns);
  kernel::LibnlNetlink netlink;
  kernel::ProcSysctl sysctl;
  apply::ArpIcmpProbe probe;
  // ovs-vsctl runs as a child of this process: inside the namespace, talking to a socket by path.
  apply::VsctlOvsdb ovsdb(o.ovs_db);
  const SystemClock clock;
  apply::ApplyServices services{netlink, sysctl, probe, features, clock, apply::new_confirmation_token(clock), &ovsdb};
  apply::ApplyRequest request;
  request.dry_run = o.dry_run;
  request.prune = o.prune;
  if (o.confirm_timeout_s)
    request.confirm_timeout = std::chrono::milliseconds(static_cast<int64_t>(*o.confirm_timeout_s * 1000));
  request.check_peers = peers;
  request.state_dir = o.state_dir;
  request.scope = apply::ownership_scope(o.netns);
  request.backend = o.backend;
  if (!o.netns.empty()) std::cout << "netns " << o.netns << "\n";
  auto outcome = apply::run_apply(*host, request, services, std::cout, std::cerr);
  std::cout.flush();
  return outcome.exit_code;
}

}  // namespace

void add_apply_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "apply", "Take this host (or --netns NAME) to its plan through netlink: diff, ordered changes, verify, "
               "roll back on failure (exit 3)");
  auto o = std::make_shared<ApplyOptions>();
  cmd->add_option("SITE", o->site_path, "Site file (YAML)");
  cmd->add_option("--host", o->host, "The host of the site file this machine is");
  cmd->add_flag("--dry-run", o->dry_run, "Print the diff and change nothing");
  cmd->add_flag("--prune", o->prune,
                "Also remove what netkeel created earlier and the plan no longer names (never anything else)");
  cmd->add_option("--confirm-timeout", o->confirm_timeout_s,
                  "After verifying, wait this many seconds for `netkeel apply --confirm`, else roll back (exit 3); "
                  "default: no confirmation asked");
  cmd->add_option("--netns", o->netns, "Apply inside this named network namespace (ip netns); default: the current one");
  cmd->add_option("--check-peer", o->check_peers, "Also verify that this address answers (ARP where on-link, ICMP); repeatable");
  cmd->add_option("--state-dir", o->state_dir, "Where the ownership record and confirmation files live")
      ->capture_default_str();
  cmd->add_option("--backend", o->backend,
                  "site (each host's `backend` in the site file), kernel, ovs, or auto (the site's, but OVS where "
                  "the plan needs bonding or 802.1q this kernel lacks)")
      ->capture_default_str();
  cmd->add_option("--ovs-db", o->ovs_db, "OVS backend: the ovsdb-server to configure (ovs-vsctl --db)")
      ->capture_default_str();
  cmd->add_flag("--confirm", o->confirm, "Keep the changes of the apply waiting for confirmation");
  cmd->add_option("--lab", o->lab,
                  "Apply to --host of this lab as `lab up` did: its namespace, backend, OVS database and state "
                  "directory (SITE defaults to the lab's site file)");
  cmd->callback([o, cmd, &exit_code] {
    o->explicit_settings.clear();
    for (const char* flag : {"--netns", "--state-dir", "--backend", "--ovs-db"}) {
      if (cmd->count(flag) > 0) o->explicit_settings.push_back(flag);
    }
    exit_code = run_apply_command(*o);
  });
}

}  // namespace netkeel::cli
