#include "netkeel/cli/alert_notifier_flags.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "netkeel/analyze/notification_destinations.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/duration.hpp"

namespace netkeel::cli {
namespace {

// An Alertmanager's bearer token is whatever its proxy expects (no length rule of ours): the first line,
// blanks around it taken off, and nothing an HTTP header cannot carry.
std::string read_alertmanager_token(const std::string& path) {
  const std::string flag = "--alertmanager-token-file " + path;
  std::ifstream in(path);
  if (!in) throw UsageError(flag + ": cannot read it (" + std::strerror(errno) + "); give a file whose first line is the token");
  std::string line;
  std::getline(in, line);
  const auto first = line.find_first_not_of(" \t\r");
  const auto last = line.find_last_not_of(" \t\r");
  const std::string token = first == std::string::npos ? "" : line.substr(first, last - first + 1);
  if (token.empty()) throw UsageError(flag + ":1: the first line is empty; put the bearer token on it");
  for (const char c : token) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw UsageError(flag + ":1: the token holds a control character, which an HTTP header cannot carry");
    }
  }
  return token;
}

// As Prometheus' default --web.external-url: this host's name and the port it serves on.
std::string default_external_url(const server::ListenAddress& first_listen) {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "http://localhost:" + std::to_string(first_listen.port);
  return std::string("http://") + name + ":" + std::to_string(first_listen.port);
}

}  // namespace

std::shared_ptr<AlertNotifierFlags> add_alert_notifier_flags(CLI::App& command) {
  auto flags = std::make_shared<AlertNotifierFlags>();
  command.add_option("--alertmanager", flags->alertmanagers,
                     "Send alerts to this Alertmanager (base URL, e.g. http://am1:9093), repeatable: each gets every alert");
  command.add_option("--webhook", flags->webhooks,
                     "POST alerts to this URL in Alertmanager's webhook format (version 4), repeatable");
  command.add_option("--external-url", flags->external_url,
                     "The server's URL as people reach it, for the alerts' links (default http://HOSTNAME:PORT of the first --listen)");
  command.add_option("--alert-resend", flags->resend,
                     "Resend firing alerts (and resolved ones, for 15 minutes) this often, from 1s to 1h (default 1m)");
  command.add_option("--alertmanager-token-file", flags->alertmanager_token_file,
                     "File whose first line is a bearer token for every --alertmanager (default: none)");
  command.add_option("--alert-runbook-url", flags->runbook_url,
                     "Where docs/alerts.md is published; each alert's runbook_url is this + #alertname (default: no runbook_url)");
  return flags;
}

std::unique_ptr<analyze::AlertNotifier> make_alert_notifier(const AlertNotifierFlags& flags, const Clock& clock,
                                                            const server::ListenAddress& first_listen,
                                                            std::function<void(const std::string&)> log) {
  for (const auto& url : flags.alertmanagers) analyze::check_notification_url("--alertmanager", url, true);
  for (const auto& url : flags.webhooks) analyze::check_notification_url("--webhook", url, false);
  if (!flags.external_url.empty()) analyze::check_notification_url("--external-url", flags.external_url, false);
  if (!flags.runbook_url.empty()) analyze::check_notification_url("--alert-runbook-url", flags.runbook_url, false);
  const auto resend_ms = parse_duration_ms(flags.resend);
  if (!resend_ms || *resend_ms < 1000 || *resend_ms > 3600 * 1000) {
    throw UsageError("--alert-resend " + flags.resend + ": expected a duration from 1s to 1h, such as 1m");
  }
  if (!flags.alertmanager_token_file.empty() && flags.alertmanagers.empty()) {
    throw UsageError("--alertmanager-token-file needs at least one --alertmanager URL to send the token to");
  }
  if (flags.alertmanagers.empty() && flags.webhooks.empty()) return nullptr;

  analyze::NotificationDestinations destinations;
  destinations.alertmanagers = flags.alertmanagers;
  destinations.webhooks = flags.webhooks;
  destinations.external_url = flags.external_url.empty() ? default_external_url(first_listen) : flags.external_url;
  if (!flags.alertmanager_token_file.empty()) {
    destinations.alertmanager_bearer_token = read_alertmanager_token(flags.alertmanager_token_file);
  }
  analyze::AlertNotifierOptions options;
  options.times.resend_delay = std::chrono::milliseconds(*resend_ms);
  options.links = {destinations.external_url, flags.runbook_url};
  options.log = std::move(log);
  auto notifier = std::make_unique<analyze::AlertNotifier>(clock, analyze::make_notification_targets(destinations), options);
  notifier->start_ticking();
  return notifier;
}

}  // namespace netkeel::cli
