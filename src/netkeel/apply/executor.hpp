#pragma once
// Runs changes, in order, through the Netlink and Sysctl interfaces, and journals each one that
// succeeded, so the caller knows exactly what it did (for the report and the ownership record).
#include <optional>
#include <string>
#include <vector>

#include "netkeel/apply/change.hpp"
#include "netkeel/kernel/netlink.hpp"
#include "netkeel/kernel/sysctl.hpp"

namespace netkeel::apply {

struct ExecutionFailure {
  Change change;        // the change the kernel refused
  std::string reason;   // the kernel's reason
  int error_number = 0;
};

struct ExecutionJournal {
  std::vector<Change> done;                       // in the order they were made
  std::vector<ExecutionFailure> failures;
  bool ok() const { return failures.empty(); }
};

enum class OnFailure { stop, keep_going };

// Removing something that is already gone counts as done (ENOENT, ESRCH, ENODEV, EADDRNOTAVAIL).
ExecutionJournal execute(const std::vector<Change>& changes, kernel::Netlink& netlink, kernel::Sysctl& sysctl,
                         OnFailure on_failure = OnFailure::stop);

// One change, without journaling; throws kernel::KernelError.
void perform(const Change& change, kernel::Netlink& netlink, kernel::Sysctl& sysctl);

}  // namespace netkeel::apply
