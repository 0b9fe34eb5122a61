#include "netkeel/analyze/alert_engine.hpp"

#include <map>
#include <set>

#include "netkeel/analyze/alert_json.hpp"
#include "netkeel/analyze/fold_findings.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {
namespace {

store::Event alert_event(const Alert& alert, std::int64_t at_ms) {
  store::Event event;
  event.timestamp_ms = at_ms;
  event.host = alert.labels.count("host") > 0 ? alert.labels.at("host") : "netkeel-server";
  event.kind = kAlertEventKind;
  event.text = alert_to_json(alert).dump();
  return event;
}

store::Event glitch_event(const Glitch& glitch) {
  store::Event event;
  event.timestamp_ms = glitch.end_ms;
  event.host = glitch.pair.src;
  event.kind = kGlitchEventKind;
  event.text = glitch.pair.network + ": " + glitch.pair.src + " -> " + glitch.pair.dst + " lost " +
               std::to_string(static_cast<long long>(glitch.lost)) + " of " +
               std::to_string(static_cast<long long>(glitch.sent)) + " probes in " +
               seconds_text(glitch.end_ms - glitch.start_ms) + " (a burst shorter than the sustained-loss time)";
  return event;
}

}  // namespace

AlertEngine::AlertEngine(AlertOptions options, AlertTopology topology)
    : options_(options), topology_(std::move(topology)), anomalies_(options.anomaly), localizer_(topology_.probe_paths) {}

void AlertEngine::ingest(const store::Batch& batch) {
  std::function<void(const PairKey&, const ProbeInterval&)> to_anomalies;
  if (options_.anomaly.enabled) {
    anomalies_.add_replies(batch);
    to_anomalies = [this](const PairKey& pair, const ProbeInterval& interval) { anomalies_.add_interval(pair, interval); };
  }
  for (const Glitch& glitch : probes_.add(batch, options_, to_anomalies)) pending_events_.push_back(glitch_event(glitch));
  links_.add(batch);
}

Evaluation AlertEngine::evaluate(std::int64_t now_ms) {
  // Pruning walks every pair; what it drops is minutes old, so doing it every few seconds is as good.
  if (now_ms >= next_prune_ms_ || now_ms < last_prune_ms_) {
    probes_.prune(now_ms, options_);
    links_.prune(now_ms, options_.forget_after_ms);
    anomalies_.prune(now_ms, options_.forget_after_ms);
    last_prune_ms_ = now_ms;
    next_prune_ms_ = now_ms + kPruneEveryMs;
  }
  RuleContext context = make_rule_context(probes_, links_, topology_, options_, now_ms);
  context.anomalies = &anomalies_;
  Findings findings;
  for (auto rule : {&sustained_loss_rule, &glitch_rule, &link_down_rule, &link_flapping_rule, &bond_degraded_rule,
                    &host_down_rule, &switch_down_rule, &partition_rule, &mtu_blackhole_rule, &vip_unreachable_rule,
                    &anomaly_rule}) {
    rule(context, findings);
  }
  Evaluation evaluation;
  Findings folded = fold_findings(std::move(findings));
  localizer_.localize(folded, context);
  evaluation.changes = tracker_.apply(folded, now_ms);
  if (localizer_.has_chosen()) {
    std::set<std::string> firing;
    for (const Alert& alert : tracker_.firing()) firing.insert(alert_identity(alert));
    localizer_.keep_only(firing);
  }
  tracker_.forget_resolved_before(now_ms - options_.resolved_kept_ms);
  evaluation.events = std::move(pending_events_);
  pending_events_.clear();
  for (const Alert& alert : evaluation.changes.fired) evaluation.events.push_back(alert_event(alert, now_ms));
  for (const Alert& alert : evaluation.changes.resolved) evaluation.events.push_back(alert_event(alert, now_ms));
  return evaluation;
}

void AlertEngine::restore(const std::vector<Alert>& alerts, std::int64_t now_ms) {
  std::vector<Alert> kept;
  for (const Alert& alert : alerts) {
    if (alert.state == AlertState::resolved && alert.ended_unix_ms.value_or(0) < now_ms - options_.resolved_kept_ms) continue;
    kept.push_back(alert);
    if (alert.state != AlertState::firing) continue;
    const auto host = alert.labels.find("host"), interface = alert.labels.find("interface");
    if (host == alert.labels.end() || interface == alert.labels.end()) continue;
    if (alert.name == kLinkDown) links_.seed(host->second, interface->second, LinkCondition::down, alert.since_unix_ms);
    if (alert.name == kLinkFlapping) {
      links_.seed(host->second, interface->second, LinkCondition::flapping, alert.since_unix_ms);
    }
  }
  tracker_.restore(kept, now_ms + options_.restore_hold_ms);
}

std::vector<Alert> AlertEngine::firing_and_resolved() const {
  std::vector<Alert> all = tracker_.firing();
  for (Alert& alert : tracker_.resolved()) all.push_back(std::move(alert));
  return all;
}

std::vector<Alert> alerts_from_events(const std::vector<store::Event>& events, std::size_t* unreadable) {
  std::map<std::string, Alert> newest;
  for (const store::Event& event : events) {
    if (event.kind != kAlertEventKind) continue;
    try {
      Alert alert = alert_from_json(nlohmann::json::parse(event.text));
      newest[alert_identity(alert)] = std::move(alert);
    } catch (const std::exception&) {
      if (unreadable != nullptr) ++*unreadable;
    }
  }
  std::vector<Alert> out;
  for (auto& [id, alert] : newest) out.push_back(std::move(alert));
  return out;
}

}  // namespace netkeel::analyze
