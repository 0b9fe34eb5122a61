#pragma once
// Rollback restores exactly the snapshot taken before the first change. It does not undo a journal
// step by step (the kernel has side effects a journal does not show: a deleted bond releases its
// members, a removed address takes routes along); it reads the current state, computes the changes
// snapshot <- current with the same reconciler apply uses, makes them, and repeats until the state
// reads back equal (at most a few rounds).
#include <string>
#include <vector>

#include "netkeel/apply/desired_state.hpp"
#include "netkeel/apply/executor.hpp"
#include "netkeel/apply/kernel_snapshot.hpp"
#include "netkeel/apply/reconciler.hpp"

namespace netkeel::apply {

// The snapshot as a desired state: every link, address, route (but the kernel's own), rule,
// permanent neighbour and existing sysctl value.
DesiredState restore_target(const KernelSnapshot& snapshot);
// Everything the snapshot does not hold may go (links only if netkeel could have created them).
DeletionPolicy restore_policy(const KernelSnapshot& snapshot);
// Pure: the changes that take `current` back to `snapshot`.
std::vector<Change> restore_changes(const KernelSnapshot& snapshot, const KernelSnapshot& current);

struct RollbackResult {
  bool restored = false;               // the state reads back equal to the snapshot
  std::vector<Change> done;            // every change rollback made
  std::vector<ExecutionFailure> failures;
  std::vector<Change> remaining;       // what still differs when restored is false
};

RollbackResult roll_back(const KernelSnapshot& snapshot, kernel::Netlink& netlink, kernel::Sysctl& sysctl,
                         int max_rounds = 3);

}  // namespace netkeel::apply
