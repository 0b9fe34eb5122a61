#pragma once
// Process exit codes shared by every subcommand, so scripts can tell a bad input from a failure.
namespace netkeel {
enum ExitCode : int {
  kExitOk = 0,
  kExitRuntimeFailure = 1,    // the environment failed (kernel, server away, I/O)
  kExitInvalidInput = 2,      // the user's input or usage is wrong; nothing was changed
  kExitRolledBack = 3,        // verification failed and every change was rolled back
};
}  // namespace netkeel
