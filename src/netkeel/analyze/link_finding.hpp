#pragma once
// The parts NetkeelLinkDown and NetkeelLinkFlapping share: which interfaces they watch and how they name
// the NIC and its cable.
#include <optional>
#include <string>

#include "netkeel/analyze/rule_context.hpp"

namespace netkeel::analyze {

// With a site, only its NICs (VIP devices, VLANs and bonds come and go by design); without one, every
// interface that had a link event.
bool watched_interface(const RuleContext& context, const std::string& host, const std::string& interface);

// " (cabled to tor1 port Eth1/3)" when the site knows the cable, else "".
std::string cabling_text(const RuleContext& context, const std::string& host, const std::string& interface);

}  // namespace netkeel::analyze
