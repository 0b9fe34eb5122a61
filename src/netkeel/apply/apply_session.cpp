#include "netkeel/apply/apply_session.hpp"

#include <fmt/format.h>

#include "netkeel/apply/desired_state.hpp"
#include "netkeel/apply/executor.hpp"
#include "netkeel/apply/feature_check.hpp"
#include "netkeel/apply/ovs_backend.hpp"
#include "netkeel/apply/ownership_record.hpp"
#include "netkeel/apply/reconciler.hpp"
#include "netkeel/apply/rollback.hpp"
#include "netkeel/apply/verifier.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"

namespace netkeel::apply {
namespace {

std::vector<std::string> keys_of(const std::map<std::string, std::string>& m) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : m) keys.push_back(k);
  return keys;
}

// The OVS backend's part of a run: the bridge before, and the changes made so far.
struct OvsRun {
  bool active = false;
  std::optional<OvsBridge> snapshot;
  std::vector<OvsChange> done;
};

// Restores the snapshot and says how that went. True when the state reads back equal to it.
// OVS first: removing the internal ports it added takes their addresses and routes along.
bool restore(const KernelSnapshot& snapshot, const OvsRun& ovs, ApplyServices& s, std::ostream& out, std::ostream& err) {
  std::vector<std::string> ovs_lines, ovs_remaining;
  if (ovs.active) {
    for (int round = 0; round < 3; ++round) {
      std::vector<OvsChange> changes;
      try {
        changes = restore_ovs_changes(ovs.snapshot, s.ovsdb->read_bridge(kOvsBridgeName));
      } catch (const OvsdbError& e) {
        ovs_remaining = {std::string("cannot read OVS: ") + e.what()};
        break;
      }
      ovs_remaining.clear();
      if (changes.empty()) break;
      for (const auto& c : changes) {
        try {
          s.ovsdb->apply(c);
          ovs_lines.push_back(describe(c));
        } catch (const OvsdbError& e) {
          ovs_remaining.push_back(describe(c) + ": " + e.what());
        }
      }
    }
  }
  auto result = roll_back(snapshot, s.netlink, s.sysctl);
  out << fmt::format("rolling back: {} change(s)\n", ovs_lines.size() + result.done.size());
  for (const auto& line : ovs_lines) out << "  " << line << "\n";
  for (const auto& c : result.done) out << "  " << describe(c) << "\n";
  if (result.restored && ovs_remaining.empty()) {
    out << "rolled back: the state equals the snapshot taken before the first change\n";
    return true;
  }
  err << "error: ROLLBACK INCOMPLETE: the state still differs from the snapshot taken before the first change:\n";
  for (const auto& line : ovs_remaining) err << "  " << line << "\n";
  for (const auto& c : result.remaining) err << "  " << describe(c) << "\n";
  for (const auto& f : result.failures) err << "  kernel refused " << describe(f.change) << ": " << f.reason << "\n";
  return false;
}

std::string diff_text(const std::vector<OvsChange>& ovs, const std::vector<Change>& kernel) {
  const size_t n = ovs.size() + kernel.size();
  std::string out = n == 1 ? "1 change\n" : fmt::format("{} changes\n", n);
  for (const auto& c : ovs) out += "  " + describe(c) + "\n";
  for (const auto& c : kernel) out += "  " + describe(c) + "\n";
  return out;
}

}  // namespace

ApplyOutcome run_apply(const plan::HostPlan& host, const ApplyRequest& request, ApplyServices& s, std::ostream& out,
                       std::ostream& err) {
  ApplyOutcome outcome;
  const auto choice = choose_apply_backend(host, request.backend, s.kernel_features);
  outcome.backend = choice.backend;
  OvsRun ovs;
  ovs.active = choice.backend == site::Backend::ovs;
  if (ovs.active) out << fmt::format("backend ovs ({})\n", choice.reason);

  // 1. Which link is which planned NIC, and what the plan means on this host.
  auto resolved = desired_state(host, s.netlink.links());
  for (const auto& d : resolved.diagnostics.items())
    err << (d.severity == Severity::error ? "error: " : "warning: ") << d.message << "\n"
        << (d.hint.empty() ? "" : "  hint: " + d.hint + "\n");
  if (!resolved.state) {
    outcome.exit_code = kExitInvalidInput;
    return outcome;
  }
  for (const auto& m : resolved.nic_matches)
    out << fmt::format("NIC {} is {} (found by {})\n", m.planned_name, m.actual_name, m.by_mac ? "MAC" : "name");

  // With the OVS backend, bonds and VLANs are OVS ports and netlink does the rest.
  std::optional<OvsBridge> desired_bridge;
  DesiredState desired = *resolved.state;
  if (ovs.active) {
    auto derived = ovs_desired_state(host, desired);
    for (const auto& d : derived.diagnostics.items()) err << "error: " << d.message << "\n  hint: " << d.hint << "\n";
    if (derived.diagnostics.has_errors()) {
      outcome.exit_code = kExitInvalidInput;
      return outcome;
    }
    desired = std::move(derived.kernel);
    desired_bridge = std::move(derived.bridge);
    if (!s.ovsdb) {
      err << "error: the OVS backend needs Open vSwitch (ovs-vsctl and a running ovsdb-server)\n"
             "  fix: install openvswitch-switch and start it, or pass --ovs-db TARGET\nnothing was changed\n";
      outcome.exit_code = kExitRuntimeFailure;
      return outcome;
    }
    try {
      ovs.snapshot = s.ovsdb->read_bridge(kOvsBridgeName);
    } catch (const OvsdbError& e) {
      err << "error: the OVS backend cannot read Open vSwitch's database: " << e.what()
          << "\n  fix: start Open vSwitch (ovsdb-server and ovs-vswitchd), or point --ovs-db at its socket\n"
             "nothing was changed\n";
      outcome.exit_code = kExitRuntimeFailure;
      return outcome;
    }
    outcome.ovs_snapshot = ovs.snapshot;
  }

  // 2. The snapshot rollback would restore, and the changes.
  const auto record_path = ownership_record_path(request.state_dir, request.scope);
  OwnershipRecord record = load_ownership_record(record_path);
  const DeletionPolicy policy = ownership_policy(record, request.prune);
  const OvsPortPolicy ovs_policy = [&record, &request](const OvsPort& p) {
    return request.prune && record.ovs_ports.count({kOvsBridgeName, p.name}) > 0;
  };
  std::vector<OvsChange> ovs_changes;
  if (ovs.active) {
    auto reconciled_ovs = reconcile_ovs(desired_bridge, ovs.snapshot, ovs_policy);
    if (reconciled_ovs.conflicts.has_errors()) {
      for (const auto& d : reconciled_ovs.conflicts.items()) err << "error: " << d.message << "\n  hint: " << d.hint << "\n";
      err << "nothing was changed\n";
      outcome.exit_code = kExitRuntimeFailure;
      return outcome;
    }
    ovs_changes = std::move(reconciled_ovs.changes);
  }
  KernelSnapshot snapshot = read_snapshot(s.netlink, s.sysctl, keys_of(desired.sysctls));
  outcome.snapshot = snapshot;
  auto reconciled = reconcile(desired, project_ovs_changes(snapshot, ovs_changes), policy);
  if (reconciled.conflicts.has_errors()) {
    for (const auto& d : reconciled.conflicts.items()) err << "error: " << d.message << "\n  hint: " << d.hint << "\n";
    err << "nothing was changed\n";
    outcome.exit_code = kExitRuntimeFailure;
    return outcome;
  }
  const auto& changes = reconciled.changes;
  const size_t total = ovs_changes.size() + changes.size();
  out << fmt::format("host {}: ", host.name) << diff_text(ovs_changes, changes);
  if (request.dry_run) {
    out << "dry run: nothing was changed\n";
    return outcome;
  }

  // 3. Everything this kernel must be able to do, before the first change.
  auto missing = missing_features(changes, s.kernel_features);
  if (!missing.empty()) {
    err << format_missing_features(missing) << "nothing was changed\n";
    if (!ovs.active) err << "  hint: the OVS backend builds bonds and VLANs without these (--backend ovs, or backend: ovs)\n";
    outcome.exit_code = kExitRuntimeFailure;
    return outcome;
  }

  // 4. Change: OVS first (the internal ports the kernel changes then address), then netlink.
  for (const auto& c : ovs_changes) {
    try {
      s.ovsdb->apply(c);
      ovs.done.push_back(c);
    } catch (const OvsdbError& e) {
      err << fmt::format("error: Open vSwitch refused `{}`: {}\n", describe(c), e.what());
      bool restored = restore(snapshot, ovs, s, out, err);
      outcome.exit_code = restored ? kExitRolledBack : kExitRuntimeFailure;
      return outcome;
    }
  }
  auto journal = execute(changes, s.netlink, s.sysctl);
  if (!journal.ok()) {
    const auto& f = journal.failures.front();
    err << fmt::format("error: the kernel refused `{}`: {}\n", describe(f.change), f.reason);
    bool restored = restore(snapshot, ovs, s, out, err);
    outcome.exit_code = restored ? kExitRolledBack : kExitRuntimeFailure;
    return outcome;
  }
  if (total) out << fmt::format("applied {} change(s)\n", ovs.done.size() + journal.done.size());

  // 5. Verify: the state as read back (OVS too), then gateways and peers.
  auto readback = read_snapshot(s.netlink, s.sysctl, keys_of(desired.sysctls));
  auto targets = reachability_targets(host, resolved.nic_matches, request.check_peers);
  auto report = verify(desired, readback, policy, targets, s.probe);
  if (ovs.active) {
    try {
      auto again = reconcile_ovs(desired_bridge, s.ovsdb->read_bridge(kOvsBridgeName), ovs_policy).changes;
      if (again.empty()) report.passed.insert(report.passed.begin(), "OVS bridge " + std::string(kOvsBridgeName) + " reads back equal to the plan");
      for (const auto& c : again) report.failures.push_back("OVS still differs: " + describe(c));
    } catch (const OvsdbError& e) {
      report.failures.push_back(std::string("cannot read OVS back: ") + e.what());
    }
  }
  for (const auto& line : report.passed) out << "verified: " << line << "\n";
  if (!report.ok()) {
    for (const auto& line : report.failures) err << "verification failed: " << line << "\n";
    bool restored = total == 0 ? true : restore(snapshot, ovs, s, out, err);
    if (total == 0) out << "nothing to roll back: no change was made\n";
    outcome.exit_code = restored ? kExitRolledBack : kExitRuntimeFailure;
    return outcome;
  }

  // 6. Keep only what an operator confirms, when asked to.
  if (request.confirm_timeout && total) {
    ConfirmationWait wait(confirmation_files(request.state_dir, request.scope), s.confirmation_token);
    out << fmt::format("waiting {} s for `netkeel apply --confirm{}`; without it every change is rolled back\n",
                       request.confirm_timeout->count() / 1000,
                       request.scope == "host" ? "" : " --netns " + request.scope.substr(std::string("netns-").size()));
    out.flush();
    if (!wait.wait(*request.confirm_timeout, s.clock)) {
      err << "verification failed: no confirmation within the timeout\n";
      bool restored = restore(snapshot, ovs, s, out, err);
      outcome.exit_code = restored ? kExitRolledBack : kExitRuntimeFailure;
      return outcome;
    }
    out << "confirmed\n";
  }

  record.update(journal.done);
  record.update(ovs.done);
  if (total) save_ownership_record(record_path, record);
  outcome.changes_made = ovs.done.size() + journal.done.size();
  return outcome;
}

}  // namespace netkeel::apply
