#include "netkeel/lab/command_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace netkeel::lab {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

CommandResult ProcessRunner::run(const std::vector<std::string>& argv, const CommandOptions& options) {
  CommandResult result;
  if (argv.empty()) return result;
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (!options.detach && (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)) {
    result.err = "pipe failed";
    return result;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    result.err = "fork failed";
    return result;
  }
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(options.detach ? devnull : out_pipe[1], STDOUT_FILENO);
    ::dup2(options.detach ? devnull : err_pipe[1], STDERR_FILENO);
    for (const auto& [k, v] : options.env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool timed_out = false;
  if (!options.detach) {
    close_fd(out_pipe[1]);
    close_fd(err_pipe[1]);
    while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
      int n = ::poll(fds, 2, static_cast<int>(left.count()));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      for (int i = 0; i < 2; ++i) {
        int& fd = i == 0 ? out_pipe[0] : err_pipe[0];
        if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char buf[4096];
        ssize_t got = ::read(fd, buf, sizeof buf);
        if (got > 0)
          (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(got));
        else if (got == 0 || errno != EINTR)
          close_fd(fd);
      }
    }
    close_fd(out_pipe[0]);
    close_fd(err_pipe[0]);
  }
  int status = 0;
  if (timed_out) ::kill(pid, SIGKILL);
  while (true) {
    pid_t w = ::waitpid(pid, &status, timed_out ? 0 : WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) return result;
    if (!timed_out && std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      continue;
    }
    if (!timed_out) ::usleep(2000);
  }
  if (timed_out) {
    result.err += "\n(timed out)";
    return result;
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<std::string> in_netns(const std::string& netns, std::vector<std::string> argv) {
  std::vector<std::string> full{"ip", "netns", "exec", netns};
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

std::string describe_failure(const std::vector<std::string>& argv, const CommandResult& r) {
  std::string cmd;
  for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
  std::string why = !r.err.empty() ? r.err : r.out;
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return "`" + cmd + "` failed (exit " + std::to_string(r.exit_status) + ")" + (why.empty() ? "" : ": " + why);
}

}  // namespace netkeel::lab
