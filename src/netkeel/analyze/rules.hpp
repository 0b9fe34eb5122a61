#pragma once
// The alert rules, one per file (docs/alerts.md has each exact rule). Each reads the context and appends
// its findings. Pure.
#include "netkeel/analyze/finding.hpp"
#include "netkeel/analyze/rule_context.hpp"

namespace netkeel::analyze {

void sustained_loss_rule(const RuleContext& context, Findings& out);   // NetkeelSustainedLoss
void glitch_rule(const RuleContext& context, Findings& out);           // NetkeelGlitches
void link_down_rule(const RuleContext& context, Findings& out);        // NetkeelLinkDown
void link_flapping_rule(const RuleContext& context, Findings& out);    // NetkeelLinkFlapping
void bond_degraded_rule(const RuleContext& context, Findings& out);    // NetkeelBondDegraded
void host_down_rule(const RuleContext& context, Findings& out);        // NetkeelHostDown
void switch_down_rule(const RuleContext& context, Findings& out);      // NetkeelHostDown, culprit the switch
void partition_rule(const RuleContext& context, Findings& out);        // NetkeelPartition
void mtu_blackhole_rule(const RuleContext& context, Findings& out);    // NetkeelMtuBlackhole
void vip_unreachable_rule(const RuleContext& context, Findings& out);  // NetkeelVipUnreachable
void anomaly_rule(const RuleContext& context, Findings& out);          // NetkeelAnomaly

// Alert names, as Alertmanager sees them.
inline constexpr const char* kSustainedLoss = "NetkeelSustainedLoss";
inline constexpr const char* kGlitches = "NetkeelGlitches";
inline constexpr const char* kLinkDown = "NetkeelLinkDown";
inline constexpr const char* kLinkFlapping = "NetkeelLinkFlapping";
inline constexpr const char* kBondDegraded = "NetkeelBondDegraded";
inline constexpr const char* kHostDown = "NetkeelHostDown";
inline constexpr const char* kPartition = "NetkeelPartition";
inline constexpr const char* kMtuBlackhole = "NetkeelMtuBlackhole";
inline constexpr const char* kVipUnreachable = "NetkeelVipUnreachable";
inline constexpr const char* kAnomaly = "NetkeelAnomaly";

}  // namespace netkeel::analyze
