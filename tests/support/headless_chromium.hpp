#pragma once
// Debian's Chromium, headless, driven over the DevTools protocol on a pipe (--remote-debugging-pipe: the
// browser reads NUL-terminated JSON commands on fd 3 and answers on fd 4), so a test can open a page, wait
// until its scripts have drawn (by polling an expression with eventually()), read the DOM and the canvas,
// and save screenshots. The browser is killed if the test ends without closing it.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/core/base64.hpp"

namespace netkeel::testing {

// The Chromium binary on PATH (chromium, chromium-browser, google-chrome), or nothing.
inline std::optional<std::string> find_chromium() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = dirs.find(':', start);
      const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return std::nullopt;
}

class HeadlessChromium {
 public:
  // Starts the browser with a private profile in `profile_dir` and a window of width x height.
  HeadlessChromium(const std::string& binary, const std::filesystem::path& profile_dir, int width, int height) {
    log_ = profile_dir / "chromium.log";
    ::signal(SIGPIPE, SIG_IGN);  // a browser that exited is an error from write(), not the end of the test
    int to_browser[2], from_browser[2];
    if (::pipe2(to_browser, O_CLOEXEC) != 0 || ::pipe2(from_browser, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe failed");
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      // fd 3: commands in; fd 4: answers out. The pipe ends may themselves be 3 or 4, so they are first
      // copied above both (dup2 onto itself would keep O_CLOEXEC); dup2 clears O_CLOEXEC on the copies.
      const int commands = ::fcntl(to_browser[0], F_DUPFD_CLOEXEC, 10);
      const int answers = ::fcntl(from_browser[1], F_DUPFD_CLOEXEC, 10);
      ::dup2(commands, 3);
      ::dup2(answers, 4);
      // Its own messages go to a file in the profile, for a failing test to point at.
      std::filesystem::create_directories(profile_dir);
      const int log = ::open((profile_dir / "chromium.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(log, 1);
      ::dup2(log, 2);
      std::vector<std::string> args = {binary, "--headless", "--remote-debugging-pipe", "--disable-gpu",
                                       "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                                       "--hide-scrollbars", "--user-data-dir=" + profile_dir.string(),
                                       "--window-size=" + std::to_string(width) + "," + std::to_string(height)};
      if (::geteuid() == 0) args.push_back("--no-sandbox");  // Chromium refuses to run as root otherwise
      args.push_back("about:blank");
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::_Exit(127);
    }
    ::close(to_browser[0]);
    ::close(from_browser[1]);
    out_ = to_browser[1];
    in_ = from_browser[0];
  }

  ~HeadlessChromium() {
    if (pid_ > 0) {
      try {
        send("Browser.close", nlohmann::json::object(), "", std::chrono::seconds(5));
      } catch (...) {
      }
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
    if (in_ >= 0) ::close(in_);
  }
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  // One DevTools command; its "result", or a runtime_error with the browser's error.
  nlohmann::json send(const std::string& method, const nlohmann::json& params, const std::string& session = "",
                      std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const int id = ++last_id_;
    nlohmann::json message = {{"id", id}, {"method", method}, {"params", params}};
    if (!session.empty()) message["sessionId"] = session;
    const std::string text = message.dump() + '\0';
    for (std::size_t sent = 0; sent < text.size();) {
      const ssize_t n = ::write(out_, text.data() + sent, text.size() - sent);
      if (n <= 0) throw std::runtime_error("cannot write to Chromium (it exited): " + log_tail());
      sent += static_cast<std::size_t>(n);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const nlohmann::json answer = nlohmann::json::parse(read_message(deadline, method));
      if (!answer.contains("id") || answer["id"] != id) continue;  // an event, or an older answer
      if (answer.contains("error")) throw std::runtime_error(method + ": " + answer["error"].dump());
      return answer.value("result", nlohmann::json::object());
    }
  }

  // Opens `url` in a new tab; the tab's session id for evaluate() and screenshot().
  std::string open(const std::string& url) {
    const std::string target = send("Target.createTarget", {{"url", url}})["targetId"];
    return send("Target.attachToTarget", {{"targetId", target}, {"flatten", true}})["sessionId"];
  }

  // The value of a JavaScript expression in the page (a promise is awaited); throws on an exception.
  nlohmann::json evaluate(const std::string& session, const std::string& expression) {
    const nlohmann::json result = send("Runtime.evaluate",
                                       {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", true}},
                                       session);
    if (result.contains("exceptionDetails")) {
      throw std::runtime_error("page exception in `" + expression + "`: " + result["exceptionDetails"].dump());
    }
    return result["result"].value("value", nlohmann::json());
  }

  // A PNG of the whole page (beyond the window when it is taller).
  void screenshot(const std::string& session, const std::filesystem::path& file) {
    const nlohmann::json shot = send("Page.captureScreenshot", {{"format", "png"}, {"captureBeyondViewport", true}},
                                     session);
    const auto bytes = base64_decode(shot["data"].get<std::string>());
    if (!bytes) throw std::runtime_error("the screenshot is not base64");
    std::ofstream(file, std::ios::binary).write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  }

 private:
  std::string read_message(std::chrono::steady_clock::time_point deadline, const std::string& waiting_for) {
    for (;;) {
      const auto nul = buffer_.find('\0');
      if (nul != std::string::npos) {
        std::string message = buffer_.substr(0, nul);
        buffer_.erase(0, nul + 1);
        return message;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw std::runtime_error("Chromium did not answer " + waiting_for + " in time");
      pollfd p{in_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[65536];
      const ssize_t n = ::read(in_, chunk, sizeof chunk);
      if (n <= 0) throw std::runtime_error("Chromium closed its DevTools pipe (it exited): " + log_tail());
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // The end of the browser's own messages, for an error that says why it went away.
  std::string log_tail() const {
    std::ifstream in(log_);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
  }

  std::filesystem::path log_;
  pid_t pid_ = -1;
  int out_ = -1;
  int in_ = -1;
  int last_id_ = 0;
  std::string buffer_;
};

}  // namespace netkeel::testing
