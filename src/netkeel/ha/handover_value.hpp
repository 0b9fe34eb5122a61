#pragma once
// A VIP key's value during a voluntary handover (`netkeel keep drain | move | rebalance`): the holder
// drops the VIP, then writes "handover:<target>" by compare-and-set on its own revision. The target
// claims such a key at once (as it would a free one); every other host treats it like another host's
// claim and takes it only after the takeover wait, so a target that never comes costs one takeover wait,
// not the VIP. ':' never appears in a host name, so the value cannot be mistaken for a holder.
#include <optional>
#include <string>

namespace netkeel::ha {

std::string handover_value(const std::string& target);
// The target named by VALUE, or nullopt when VALUE is not a handover.
std::optional<std::string> handover_target(const std::string& value);
// The host holding the VIP according to VALUE: VALUE itself, or "" when free or being handed over.
std::string holder_in(const std::string& value);

}  // namespace netkeel::ha
