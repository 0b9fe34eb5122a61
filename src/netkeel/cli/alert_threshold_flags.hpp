#pragma once
// The server's flags for the alert rules' thresholds (docs/alerts.md, "Thresholds"): loss fire and clear
// ratios and times, the loss-run gap, the unreachable and agent-silent times, glitch counting and the
// smallest partition group, anomaly detection; checked one by one and against each other, and turned into AlertOptions.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "netkeel/analyze/alert_options.hpp"

namespace netkeel::cli {

struct AlertThresholdFlags {
  std::string loss_fire = "2%";
  std::string loss_fire_after = "30s";
  std::string loss_clear = "0.5%";
  std::string loss_clear_after = "2m";
  std::string loss_run_gap = "8s";
  std::string unreachable_after = "5s";
  std::string agent_silent_after = "15s";
  std::size_t glitch_repeat = 3;
  std::string glitch_window = "10m";
  std::size_t partition_min_group = 2;
  bool no_anomaly = false;
  double anomaly_score = 8;
  std::string anomaly_warmup = "10m";
};

// Registers the flags on `command`; the returned flags fill in when it parses.
std::shared_ptr<AlertThresholdFlags> add_alert_threshold_flags(CLI::App& command);

// The thresholds the flags ask for. Throws UsageError (exit 2) naming the flag, the value and the fix.
analyze::AlertOptions alert_options_from_flags(const AlertThresholdFlags& flags);

}  // namespace netkeel::cli
