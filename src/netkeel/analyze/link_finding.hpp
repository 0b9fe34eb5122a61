#pragma once
// The parts NetkeelLinkDown and NetkeelLinkFlapping share: which interfaces they watch and how they name
// the NIC and its cable.
#include <optional>
#include <string>

#include "netkeel/analyze/finding.hpp"
#include "netkeel/analyze/rule_context.hpp"

namespace netkeel::analyze {

// With a site, only its NICs (VIP devices, VLANs and bonds come and go by design); without one, every
// interface that had a link event.
bool watched_interface(const RuleContext& context, const std::string& host, const std::string& interface);

// " (cabled to tor1 port Eth1/3)" when the site knows the cable, else "".
std::string cabling_text(const RuleContext& context, const std::string& host, const std::string& interface);

// A finding about one NIC: labels host and interface, culprit nic "host:interface", warning.
Finding nic_finding(const char* name, const std::string& host, const std::string& interface, TimestampMs since_ms,
                    std::string summary, std::string description);

}  // namespace netkeel::analyze
