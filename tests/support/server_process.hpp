#pragma once
// Shared by the tests that run `netkeel server` (tests/cli, tests/lab): the child process (killed if a
// test ends without stopping it), the ports it prints, and a file's whole text.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace netkeel::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// What a `netkeel` run left: its exit code and output.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A `netkeel server` child process; killed (SIGKILL) if the test ends without stopping it.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& dir, const std::vector<std::string>& arguments) : dir_(dir) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen((dir / "server.out").c_str(), "w", stdout);
      std::freopen((dir / "server.err").c_str(), "w", stderr);
      std::vector<std::string> args = {std::string(NETKEEL_BINARY_DIR) + "/netkeel", "server"};
      args.insert(args.end(), arguments.begin(), arguments.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::_Exit(127);
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // The port from "listening on <address>:PORT" (address a regex; a --listen-in socket prints
  // NS=ADDRESS), waiting up to 60 s; 0 if the server never said it.
  int wait_for_port(const std::string& address = "127\\.0\\.0\\.1") {
    const std::regex listening("listening on " + address + ":([0-9]+)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch match;
      // The server logs it (stderr); older builds printed it on stdout.
      const std::string out = read_file(dir_ / "server.err") + read_file(dir_ / "server.out");
      if (std::regex_search(out, match, listening)) return std::stoi(match[1]);
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  pid_t pid() const { return pid_; }  // -1 once it exited

  // SIGTERM, then the exit code (waiting up to 60 s), or -1.
  int terminate() {
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

}  // namespace netkeel::testing
