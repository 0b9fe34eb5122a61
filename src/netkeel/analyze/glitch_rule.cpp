// NetkeelGlitches: short bursts of loss on one pair are only events, until they repeat.
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze {

void glitch_rule(const RuleContext& context, Findings& out) {
  const AlertOptions& o = context.options;
  for (const PairKey& key : context.probes.pairs_with_glitches()) {
    const PairWindow& window = context.probes.pairs().at(key);
    std::size_t count = 0;
    for (TimestampMs at : window.glitches) count += at >= context.now_ms - o.glitch_window_ms ? 1 : 0;
    if (count == 0) continue;
    Finding finding;
    finding.fire = count >= o.glitch_repeat;
    Alert& alert = finding.alert;
    alert.name = kGlitches;
    alert.severity = Severity::warning;
    alert.network = key.network;
    alert.since_unix_ms = window.glitches.front();
    alert.labels = {{"src", key.src}, {"dst", key.dst}};
    alert.culprit = {"network", key.network};
    alert.summary = key.network + ": " + std::to_string(count) + " loss glitches from " + key.src + " to " + key.dst +
                    " in " + seconds_text(o.glitch_window_ms);
    alert.description = std::to_string(count) + " bursts of loss shorter than " + seconds_text(o.loss_fire_after_ms) +
                        " from " + key.src + " to " + key.dst + " on " + key.network + " in the last " +
                        seconds_text(o.glitch_window_ms) + " (each is a `glitch` event); fires at " +
                        std::to_string(o.glitch_repeat) + ", clears when the window holds none.";
    finding.pairs = {{key.network, key.src, key.dst}};
    out.push_back(std::move(finding));
  }
}

}  // namespace netkeel::analyze
