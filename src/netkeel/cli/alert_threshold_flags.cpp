#include "netkeel/cli/alert_threshold_flags.hpp"

#include <charconv>
#include <cmath>

#include "netkeel/core/duration.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::cli {
namespace {

// "2%", "0.5%" or "2" (percent either way) -> 0.02; above 0 and at most 100.
double percent_flag(const std::string& text, const char* flag, const char* example) {
  std::string_view digits = text;
  if (!digits.empty() && digits.back() == '%') digits.remove_suffix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value) ||
      value <= 0 || value > 100) {
    throw UsageError(std::string(flag) + " " + text + ": expected a percentage above 0 and at most 100, such as " + example);
  }
  return value / 100;
}

std::int64_t duration_flag(const std::string& text, const char* flag, std::int64_t min_ms, std::int64_t max_ms,
                           const char* example) {
  const auto ms = parse_duration_ms(text);
  if (!ms || *ms < min_ms || *ms > max_ms) {
    throw UsageError(std::string(flag) + " " + text + ": expected a duration from " + format_duration_ms(min_ms) +
                     " to " + format_duration_ms(max_ms) + ", such as " + example);
  }
  return *ms;
}

constexpr std::int64_t kSecond = 1'000, kMinute = 60 * kSecond, kHour = 60 * kMinute;

}  // namespace

std::shared_ptr<AlertThresholdFlags> add_alert_threshold_flags(CLI::App& command) {
  auto f = std::make_shared<AlertThresholdFlags>();
  command.add_option("--alert-loss-fire", f->loss_fire,
                     "A report interval is lossy when it lost at least this share of its probes (default 2%)");
  command.add_option("--alert-loss-fire-after", f->loss_fire_after,
                     "Sustained loss fires once lossy intervals ran this long (default 30s)");
  command.add_option("--alert-loss-clear", f->loss_clear,
                     "Sustained loss clears once --alert-loss-clear-after lost less than this share (default 0.5%)");
  command.add_option("--alert-loss-clear-after", f->loss_clear_after,
                     "How long the loss must stay under --alert-loss-clear to clear (default 2m)");
  command.add_option("--alert-loss-run-gap", f->loss_run_gap,
                     "Clean intervals must span this much to end a run of lossy ones (default 8s)");
  command.add_option("--alert-unreachable-after", f->unreachable_after,
                     "A pair cannot reach once every probe was lost for this long (default 5s)");
  command.add_option("--alert-agent-silent-after", f->agent_silent_after,
                     "An agent is silent when its newest sample is this much older than the newest of any (default 15s)");
  command.add_option("--alert-glitch-repeat", f->glitch_repeat,
                     "Glitches on one pair within --alert-glitch-window that fire NetkeelGlitches (default 3)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  command.add_option("--alert-glitch-window", f->glitch_window, "The window glitches are counted in (default 10m)");
  command.add_option("--alert-partition-min-group", f->partition_min_group,
                     "A partition needs two groups of at least this many hosts (default 2)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  command.add_flag("--no-anomaly-alerts", f->no_anomaly, "Do not raise NetkeelAnomaly (RTT or loss unlike a pair's own normal)");
  command.add_option("--alert-anomaly-score", f->anomaly_score,
                     "NetkeelAnomaly: spreads above a pair's normal RTT that count as anomalous (default 8)")
      ->check(CLI::Range(2.0, 1000.0));
  command.add_option("--alert-anomaly-warmup", f->anomaly_warmup,
                     "NetkeelAnomaly: how long a pair is watched before it is judged (default 10m)");
  return f;
}

analyze::AlertOptions alert_options_from_flags(const AlertThresholdFlags& f) {
  analyze::AlertOptions o;
  o.loss_fire_ratio = percent_flag(f.loss_fire, "--alert-loss-fire", "2%");
  o.loss_fire_after_ms = duration_flag(f.loss_fire_after, "--alert-loss-fire-after", kSecond, kHour, "30s");
  o.loss_clear_ratio = percent_flag(f.loss_clear, "--alert-loss-clear", "0.5%");
  o.loss_clear_after_ms = duration_flag(f.loss_clear_after, "--alert-loss-clear-after", kSecond, kHour, "2m");
  o.loss_run_gap_ms = duration_flag(f.loss_run_gap, "--alert-loss-run-gap", 0, 10 * kMinute, "8s");
  o.unreachable_after_ms = duration_flag(f.unreachable_after, "--alert-unreachable-after", 0, 10 * kMinute, "5s");
  o.agent_silent_after_ms = duration_flag(f.agent_silent_after, "--alert-agent-silent-after", kSecond, kHour, "15s");
  o.glitch_repeat = f.glitch_repeat;
  o.glitch_window_ms = duration_flag(f.glitch_window, "--alert-glitch-window", kSecond, 24 * kHour, "10m");
  o.partition_min_group = f.partition_min_group;
  o.anomaly.enabled = !f.no_anomaly;
  o.anomaly.score = f.anomaly_score;
  o.anomaly.warmup = static_cast<std::size_t>(
      duration_flag(f.anomaly_warmup, "--alert-anomaly-warmup", o.anomaly.interval_ms, 24 * kHour, "10m") /
      o.anomaly.interval_ms);
  // Hysteresis: a clear threshold at or above the fire threshold would let an alert flap at it.
  if (o.loss_clear_ratio >= o.loss_fire_ratio) {
    throw UsageError("--alert-loss-clear " + f.loss_clear + " is not below --alert-loss-fire " + f.loss_fire +
                     ": give a clear threshold under the fire threshold (e.g. 0.5% with 2%), so an alert does not flap");
  }
  return o;
}

}  // namespace netkeel::cli
