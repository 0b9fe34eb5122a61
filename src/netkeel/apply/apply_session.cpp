#include "netkeel/apply/apply_session.hpp"

#include <fmt/format.h>

#include "netkeel/apply/desired_state.hpp"
#include "netkeel/apply/executor.hpp"
#include "netkeel/apply/feature_check.hpp"
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

// Restores the snapshot and says how that went. True when the state reads back equal to it.
bool restore(const KernelSnapshot& snapshot, ApplyServices& s, std::ostream& out, std::ostream& err) {
  auto result = roll_back(snapshot, s.netlink, s.sysctl);
  out << fmt::format("rolling back: {} change(s)\n", result.done.size());
  for (const auto& c : result.done) out << "  " << describe(c) << "\n";
  if (result.restored) {
    out << "rolled back: the state equals the snapshot taken before the first change\n";
    return true;
  }
  err << "error: ROLLBACK INCOMPLETE: the state still differs from the snapshot taken before the first change:\n";
  for (const auto& c : result.remaining) err << "  " << describe(c) << "\n";
  for (const auto& f : result.failures) err << "  kernel refused " << describe(f.change) << ": " << f.reason << "\n";
  return false;
}

}  // namespace

ApplyOutcome run_apply(const plan::HostPlan& host, const ApplyRequest& request, ApplyServices& s, std::ostream& out,
                       std::ostream& err) {
  ApplyOutcome outcome;
  if (host.backend != site::Backend::kernel) {
    err << fmt::format("error: host {} uses the {} backend; apply makes kernel bonds and VLANs only\n  hint: render it "
                       "with `netkeel render --format netplan` or set `backend: kernel`\n",
                       host.name, site::to_string(host.backend));
    outcome.exit_code = kExitInvalidInput;
    return outcome;
  }

  // 1. Which link is which planned NIC, and what the plan means on this host.
  auto resolved = desired_state(host, s.netlink.links());
  for (const auto& d : resolved.diagnostics.items())
    err << (d.severity == Severity::error ? "error: " : "warning: ") << d.message << "\n"
        << (d.hint.empty() ? "" : "  hint: " + d.hint + "\n");
  if (!resolved.state) {
    outcome.exit_code = kExitInvalidInput;
    return outcome;
  }
  const DesiredState& desired = *resolved.state;
  for (const auto& m : resolved.nic_matches)
    out << fmt::format("NIC {} is {} (found by {})\n", m.planned_name, m.actual_name, m.by_mac ? "MAC" : "name");

  // 2. The snapshot rollback would restore, and the changes.
  const auto record_path = ownership_record_path(request.state_dir, request.scope);
  OwnershipRecord record = load_ownership_record(record_path);
  const DeletionPolicy policy = ownership_policy(record, request.prune);
  KernelSnapshot snapshot = read_snapshot(s.netlink, s.sysctl, keys_of(desired.sysctls));
  outcome.snapshot = snapshot;
  auto reconciled = reconcile(desired, snapshot, policy);
  if (reconciled.conflicts.has_errors()) {
    for (const auto& d : reconciled.conflicts.items()) err << "error: " << d.message << "\n  hint: " << d.hint << "\n";
    err << "nothing was changed\n";
    outcome.exit_code = kExitRuntimeFailure;
    return outcome;
  }
  const auto& changes = reconciled.changes;
  out << fmt::format("host {}: ", host.name) << format_diff(changes);
  if (request.dry_run) {
    out << "dry run: nothing was changed\n";
    return outcome;
  }

  // 3. Everything this kernel must be able to do, before the first change.
  auto missing = missing_features(changes, s.kernel_features);
  if (!missing.empty()) {
    err << format_missing_features(missing) << "nothing was changed\n";
    outcome.exit_code = kExitRuntimeFailure;
    return outcome;
  }

  // 4. Change.
  auto journal = execute(changes, s.netlink, s.sysctl);
  if (!journal.ok()) {
    const auto& f = journal.failures.front();
    err << fmt::format("error: the kernel refused `{}`: {}\n", describe(f.change), f.reason);
    bool restored = restore(snapshot, s, out, err);
    outcome.exit_code = restored ? kExitRolledBack : kExitRuntimeFailure;
    return outcome;
  }
  if (!changes.empty()) out << fmt::format("applied {} change(s)\n", journal.done.size());

  // 5. Verify: the state as read back, then gateways and peers.
  auto readback = read_snapshot(s.netlink, s.sysctl, keys_of(desired.sysctls));
  auto targets = reachability_targets(host, resolved.nic_matches, request.check_peers);
  auto report = verify(desired, readback, policy, targets, s.probe);
  for (const auto& line : report.passed) out << "verified: " << line << "\n";
  if (!report.ok()) {
    for (const auto& line : report.failures) err << "verification failed: " << line << "\n";
    bool restored = changes.empty() ? true : restore(snapshot, s, out, err);
    if (changes.empty()) out << "nothing to roll back: no change was made\n";
    outcome.exit_code = restored ? kExitRolledBack : kExitRuntimeFailure;
    return outcome;
  }

  // 6. Keep only what an operator confirms, when asked to.
  if (request.confirm_timeout && !changes.empty()) {
    ConfirmationWait wait(confirmation_files(request.state_dir, request.scope), s.confirmation_token);
    out << fmt::format("waiting {} s for `netkeel apply --confirm{}`; without it every change is rolled back\n",
                       request.confirm_timeout->count() / 1000,
                       request.scope == "host" ? "" : " --netns " + request.scope.substr(std::string("netns-").size()));
    out.flush();
    if (!wait.wait(*request.confirm_timeout, s.clock)) {
      err << "verification failed: no confirmation within the timeout\n";
      bool restored = restore(snapshot, s, out, err);
      outcome.exit_code = restored ? kExitRolledBack : kExitRuntimeFailure;
      return outcome;
    }
    out << "confirmed\n";
  }

  record.update(journal.done);
  if (!changes.empty()) save_ownership_record(record_path, record);
  outcome.changes_made = journal.done.size();
  return outcome;
}

}  // namespace netkeel::apply
