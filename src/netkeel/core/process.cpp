#include "netkeel/core/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/core/unique_fd.hpp"

extern char** environ;

namespace netkeel {
namespace {

using Steady = std::chrono::steady_clock;

std::string errno_text(int error) {
  char buffer[256];
  return ::strerror_r(error, buffer, sizeof buffer);  // GNU strerror_r: thread-safe, returns the text
}

// argv or envp as exec wants them: pointers into `strings`, then a null. exec never writes through them.
std::vector<char*> pointers_to(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// The inherited environment with `overrides` set: built here, in the parent, because a child of a
// threaded process may only make async-signal-safe calls before exec (setenv can deadlock on a lock
// another thread held at fork).
std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& overrides) {
  auto overridden = [&](std::string_view name, size_t from) {
    return std::any_of(overrides.begin() + static_cast<std::ptrdiff_t>(from), overrides.end(),
                       [&](const auto& o) { return o.first == name; });
  };
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (!overridden(text.substr(0, text.find('=')), 0)) env.emplace_back(text);
  }
  for (size_t i = 0; i < overrides.size(); ++i)
    if (!overridden(overrides[i].first, i + 1)) env.push_back(overrides[i].first + "=" + overrides[i].second);
  return env;
}

void check(const ProcessRequest& r) {
  if (r.argv.empty() || r.argv[0].empty()) throw std::invalid_argument("run_process: empty argv");
  if (r.stdout_to == ChildOutput::same_as_stdout)
    throw std::invalid_argument("run_process: same_as_stdout is for stderr only");
  if ((r.stdout_to == ChildOutput::to_fd || r.stderr_to == ChildOutput::to_fd) && r.output_fd < 0)
    throw std::invalid_argument("run_process: ChildOutput::to_fd needs output_fd");
  for (const auto& [name, value] : r.environment)
    if (name.empty() || name.find('=') != std::string::npos)
      throw std::invalid_argument("run_process: bad environment variable name '" + name + "'");
}

class SpawnFileActions {
 public:
  SpawnFileActions() { ::posix_spawn_file_actions_init(&actions_); }
  ~SpawnFileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  void dup2(int fd, int target) { must(::posix_spawn_file_actions_adddup2(&actions_, fd, target)); }
  void open(int target, const char* path, int flags) {
    must(::posix_spawn_file_actions_addopen(&actions_, target, path, flags, 0));
  }
  // The child keeps only stdin, stdout and stderr, even of descriptors opened without O_CLOEXEC.
  void close_the_rest() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    must(::posix_spawn_file_actions_addclosefrom_np(&actions_, 3));
#endif
  }
  const posix_spawn_file_actions_t* get() const { return &actions_; }

 private:
  static void must(int rc) {
    if (rc != 0) throw RuntimeError("cannot prepare the child's file descriptors: " + errno_text(rc));
  }
  posix_spawn_file_actions_t actions_;
};

class SpawnAttributes {
 public:
  SpawnAttributes(bool new_session, bool own_process_group) {
    ::posix_spawnattr_init(&attributes_);
    // A thread that blocks signals (for signalfd or sigwait) must not hand that mask to the child, or
    // it would ignore the SIGTERM that stops it; SIGPIPE is ignored by some callers, never by children.
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    ::posix_spawnattr_setsigmask(&attributes_, &none);
    ::posix_spawnattr_setsigdefault(&attributes_, &defaults);
    if (new_session) {
      flags |= POSIX_SPAWN_SETSID;  // also leads its own process group
    } else if (own_process_group) {
      flags |= POSIX_SPAWN_SETPGROUP;  // pgid 0: its own, so a deadline kills its children too
      ::posix_spawnattr_setpgroup(&attributes_, 0);
    }
    ::posix_spawnattr_setflags(&attributes_, flags);
  }
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&attributes_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  const posix_spawnattr_t* get() const { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
};

struct Pipe {
  UniqueFd read_end, write_end;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw RuntimeError("cannot create a pipe: " + errno_text(errno));
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// A started child and the parent's ends of its stdin and output pipes (the child's ends are closed).
struct Spawned {
  pid_t pid = -1;
  UniqueFd stdin_fd, out_fd, err_fd;
};

Spawned spawn(const ProcessRequest& r, bool own_process_group) {
  check(r);
  Spawned child;
  UniqueFd stdin_child_end, out_write_end, err_write_end;  // closed here, once the child has its copies
  SpawnFileActions actions;
  if (r.stdin_data) {
    // A socket, not a pipe: send(MSG_NOSIGNAL) to a child that stopped reading gives EPIPE, not SIGPIPE.
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
      throw RuntimeError("cannot create the child's stdin: " + errno_text(errno));
    child.stdin_fd.reset(ends[0]);
    stdin_child_end.reset(ends[1]);
    actions.dup2(stdin_child_end.get(), STDIN_FILENO);
  } else {
    actions.open(STDIN_FILENO, "/dev/null", O_RDONLY);
  }
  auto route = [&](ChildOutput to, int target, UniqueFd& parent_end, UniqueFd& child_end) {
    switch (to) {
      case ChildOutput::capture: {
        Pipe pipe = make_pipe();
        parent_end = std::move(pipe.read_end);
        child_end = std::move(pipe.write_end);
        actions.dup2(child_end.get(), target);
        break;
      }
      case ChildOutput::discard: actions.open(target, "/dev/null", O_WRONLY); break;
      case ChildOutput::to_fd: actions.dup2(r.output_fd, target); break;
      case ChildOutput::same_as_stdout: actions.dup2(STDOUT_FILENO, target); break;
    }
  };
  route(r.stdout_to, STDOUT_FILENO, child.out_fd, out_write_end);
  route(r.stderr_to, STDERR_FILENO, child.err_fd, err_write_end);
  actions.close_the_rest();
  const SpawnAttributes attributes(r.new_session, own_process_group);
  const std::vector<std::string> env = child_environment(r.environment);
  const std::vector<char*> envp = pointers_to(env);
  const std::vector<char*> args = pointers_to(r.argv);
  const int rc = ::posix_spawnp(&child.pid, args[0], actions.get(), attributes.get(), args.data(), envp.data());
  if (rc != 0) throw RuntimeError("cannot run " + r.argv[0] + ": " + errno_text(rc));
  return child;
}

// Knows when the child has exited without reaping it (so its pid, and the process group it leads,
// cannot be reused while we still signal them). Waits on a pidfd; where the kernel has none (before
// Linux 5.3) it looks every 10 ms.
class ExitWatch {
 public:
  explicit ExitWatch(pid_t pid) : pid_(pid) {
#ifdef SYS_pidfd_open
    pidfd_.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));  // close-on-exec by definition
#endif
  }
  int fd() const { return pidfd_.get(); }
  // How long one poll may sleep before looking again.
  int poll_ms(Steady::duration left) const {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, pidfd_ ? 60'000 : 10));
  }
  bool exited() const {
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
      if (errno != EINTR) return true;  // ECHILD: already reaped (SIGCHLD ignored); nothing to wait for
    return info.si_pid == pid_;
  }
  void wait_until(Steady::time_point deadline) const {
    while (!exited()) {
      const auto left = deadline - Steady::now();
      if (left <= Steady::duration::zero()) return;
      pollfd p{fd(), POLLIN, 0};
      ::poll(&p, fd() >= 0 ? 1 : 0, poll_ms(left));
    }
  }

 private:
  pid_t pid_;
  UniqueFd pidfd_;
};

// SIGTERM to the child and its process group, `grace` to go, then SIGKILL to all of them (also to
// children that ignore SIGTERM or outlive the child). Called before the child is reaped.
void stop_process_group(pid_t pid, const ExitWatch& watch, std::chrono::milliseconds grace) {
  ::kill(-pid, SIGTERM);
  ::kill(pid, SIGTERM);  // in case it moved to a group of its own
  watch.wait_until(Steady::now() + grace);
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

std::optional<int> reap(pid_t pid) {
  int status = 0;
  for (;;) {
    const pid_t got = ::waitpid(pid, &status, 0);
    if (got == pid) return status;
    if (got < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
}

struct CapturedStream {
  UniqueFd& fd;
  std::string& text;
  bool& truncated;
};

// Reads up to `reads` times what is there; closes the stream at end of file.
void read_available(CapturedStream& s, size_t cap, int reads) {
  char buffer[16384];
  while (s.fd && reads-- > 0) {
    const ssize_t got = ::read(s.fd.get(), buffer, sizeof buffer);
    if (got > 0) {
      const size_t keep = std::min(static_cast<size_t>(got), cap - std::min(cap, s.text.size()));
      s.text.append(buffer, keep);
      if (keep < static_cast<size_t>(got)) s.truncated = true;
    } else if (got < 0 && errno == EINTR) {
      ++reads;
    } else if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    } else {
      s.fd.reset();  // end of file, or an error that will not clear
    }
  }
}

// Sends the next part of stdin; closes it (the child then reads end of file) when all is sent or the
// child closed its end.
void write_some(UniqueFd& fd, std::string_view& rest) {
  const ssize_t sent = ::send(fd.get(), rest.data(), rest.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (sent > 0) rest.remove_prefix(static_cast<size_t>(sent));
  if (rest.empty() || (sent < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) fd.reset();
}

void set_nonblocking(const UniqueFd& fd) {
  if (fd) ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
}

}  // namespace

std::string ProcessResult::status_text() const {
  if (!started) return start_error;
  if (timed_out) return fmt::format("no answer within {} ms", timeout.count());
  if (signal != 0) {
    const char* name = ::sigabbrev_np(signal);
    return fmt::format("killed by signal {}{}", signal, name != nullptr ? fmt::format(" (SIG{})", name) : "");
  }
  return fmt::format("exit {}", exit_code);
}

ProcessResult run_process(const ProcessRequest& request) {
  ProcessResult result;
  result.timeout = request.timeout;
  Spawned child;
  try {
    child = spawn(request, /*own_process_group=*/true);
  } catch (const RuntimeError& e) {
    result.start_error = e.what();
    return result;
  }
  result.started = true;
  const auto deadline = Steady::now() + request.timeout;
  const ExitWatch watch(child.pid);
  std::string_view stdin_left = request.stdin_data ? std::string_view(*request.stdin_data) : std::string_view();
  if (stdin_left.empty()) child.stdin_fd.reset();
  set_nonblocking(child.out_fd);
  set_nonblocking(child.err_fd);
  CapturedStream streams[2] = {{child.out_fd, result.out, result.out_truncated},
                               {child.err_fd, result.err, result.err_truncated}};
  // Until the child exits: feed its stdin, read its output (so it never blocks on a full pipe).
  while (!watch.exited()) {
    const auto left = deadline - Steady::now();
    if (left <= Steady::duration::zero()) {
      result.timed_out = true;
      break;
    }
    pollfd fds[4];
    nfds_t count = 0;
    auto watch_fd = [&](int fd, short events) {
      if (fd >= 0) fds[count++] = {fd, events, 0};
    };
    watch_fd(child.stdin_fd.get(), POLLOUT);
    for (auto& s : streams) watch_fd(s.fd.get(), POLLIN);
    watch_fd(watch.fd(), POLLIN);
    if (::poll(fds, count, watch.poll_ms(left)) < 0) continue;  // EINTR: look again (the deadline holds)
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == child.stdin_fd.get()) write_some(child.stdin_fd, stdin_left);
      for (auto& s : streams)
        if (fds[i].fd == s.fd.get()) read_available(s, request.max_captured_bytes, 4);
    }
  }
  if (result.timed_out) stop_process_group(child.pid, watch, request.kill_grace);
  const std::optional<int> status = reap(child.pid);
  // What the child wrote before it exited is in the pipes; a grandchild still holding them is not waited for.
  for (auto& s : streams) read_available(s, request.max_captured_bytes, 1024);
  if (status && !result.timed_out) {
    if (WIFEXITED(*status)) result.exit_code = WEXITSTATUS(*status);
    if (WIFSIGNALED(*status)) result.signal = WTERMSIG(*status);
  }
  return result;
}

pid_t start_detached_process(const ProcessRequest& request) {
  if (request.stdout_to == ChildOutput::capture || request.stderr_to == ChildOutput::capture || request.stdin_data)
    throw std::invalid_argument("start_detached_process: nobody would read its output or feed its stdin");
  return spawn(request, /*own_process_group=*/false).pid;
}

std::string replace_this_process(const std::vector<std::string>& argv) {
  if (argv.empty()) return "nothing to run";
  const std::vector<char*> args = pointers_to(argv);
  ::execvp(args[0], args.data());
  return "cannot run " + argv[0] + ": " + errno_text(errno);
}

}  // namespace netkeel
