#pragma once
// The one way netkeel runs another program: posix_spawn (no shell, no fork of a threaded process), the
// child's environment built in the parent, stdin from a string or /dev/null, stdout and stderr captured up
// to a cap, and a deadline after which the child's whole process group is killed. Safe to call from
// several threads at once: nothing runs in the child between spawn and exec but the kernel's own
// file actions, and every descriptor the parent opens is owned (closed on every path, close-on-exec).
//
// A namespace is entered the way the callers already do it, through the argv (`ip netns exec NS ...`):
// that execs the program in the same process, with /sys remounted for the namespace, which setns alone
// would not do.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace netkeel {

// Where a child's stdout or stderr goes.
enum class ChildOutput {
  capture,          // into ProcessResult::out / err, up to max_captured_bytes each
  discard,          // /dev/null (a daemon that forks away must not keep a pipe of ours open)
  to_fd,            // ProcessRequest::output_fd (e.g. a log file opened with O_APPEND)
  same_as_stdout,   // stderr only: wherever stdout goes, interleaved as the child wrote them
};

struct ProcessRequest {
  std::vector<std::string> argv;  // argv[0] without a '/' is looked up in this process's PATH
  // Set in the child's environment on top of the inherited one (a name given here replaces the
  // inherited value). Built in the parent: the parent's own environment is never touched.
  std::vector<std::pair<std::string, std::string>> environment;
  // nullopt: stdin is /dev/null. Otherwise written as the child reads, through a socket pair (a child
  // that stops reading gives EPIPE here, not a SIGPIPE that would kill the caller).
  std::optional<std::string> stdin_data;
  ChildOutput stdout_to = ChildOutput::capture;
  ChildOutput stderr_to = ChildOutput::capture;
  int output_fd = -1;  // for ChildOutput::to_fd; borrowed, not closed
  std::size_t max_captured_bytes = 4 * 1024 * 1024;  // per stream; the rest is read and dropped (flagged)
  // run_process only: after `timeout` the child's process group gets SIGTERM, `kill_grace` later SIGKILL.
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds kill_grace{1000};
  bool new_session = false;  // setsid(): no controlling terminal, no signals from the shell that ran us
};

struct ProcessResult {
  bool started = false;
  std::string start_error;  // why it did not start ("cannot run X: No such file or directory")
  int exit_code = -1;       // its exit status when it exited by itself; -1 otherwise
  int signal = 0;           // the signal that ended it, 0 if none
  bool timed_out = false;   // it outlived the timeout and was killed
  std::chrono::milliseconds timeout{0};  // the request's timeout, for messages
  std::string out, err;
  bool out_truncated = false, err_truncated = false;  // more than max_captured_bytes was written
  bool ok() const { return exit_code == 0; }
  // One phrase for messages: "exit 3", "killed by signal 9 (Killed)", "no answer within 500 ms", or the start error.
  std::string status_text() const;
};

// Runs argv to completion (or to the deadline) and returns what happened; never throws for what the
// child does or for a program that cannot be started (start_error says why). Returns once the child
// has exited: output a background grandchild writes later is not waited for.
// Throws std::invalid_argument for a request that makes no sense (empty argv, to_fd without a fd).
ProcessResult run_process(const ProcessRequest& request);

// Starts argv and returns its pid without waiting (services: stdout/stderr to /dev/null or to a log,
// usually with new_session). The caller reaps it or exits. Capture and stdin_data are refused
// (std::invalid_argument); a program that cannot be started throws RuntimeError.
pid_t start_detached_process(const ProcessRequest& request);

// Replaces this process with argv (execvp: the terminal, stdio and exit status pass straight through).
// Returns only when exec failed, with the reason.
std::string replace_this_process(const std::vector<std::string>& argv);

}  // namespace netkeel
