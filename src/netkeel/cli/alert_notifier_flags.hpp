#pragma once
// The server's flags for sending alerts (docs/alerts.md, "Sending alerts"): --alertmanager, --webhook,
// --external-url, --alert-resend, --alertmanager-token-file, --alert-runbook-url; checked, and turned
// into an AlertNotifier.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "netkeel/analyze/alert_notifier.hpp"
#include "netkeel/server/listen_address.hpp"

namespace netkeel::cli {

struct AlertNotifierFlags {
  std::vector<std::string> alertmanagers;
  std::vector<std::string> webhooks;
  std::string external_url;  // "" = http://HOSTNAME:PORT of the first listen address
  std::string resend = "1m";
  std::string alertmanager_token_file;
  std::string runbook_url;
};

// Registers the flags on `command`; the returned flags fill in when it parses.
std::shared_ptr<AlertNotifierFlags> add_alert_notifier_flags(CLI::App& command);

// The notifier the flags ask for, ticking on its own thread; null when no --alertmanager or --webhook is
// given. Throws UsageError (exit 2) naming the flag, the value and the fix.
std::unique_ptr<analyze::AlertNotifier> make_alert_notifier(const AlertNotifierFlags& flags, const Clock& clock,
                                                            const server::ListenAddress& first_listen,
                                                            std::function<void(const std::string&)> log);

}  // namespace netkeel::cli
