#pragma once
// Before the first change: every link kind the changes would create (bond, vlan, bridge, ...) must be
// something this kernel can make. When one is missing, apply changes nothing and says which feature is
// missing and how to get it (e.g. `modprobe bonding`).
#include <string>
#include <vector>

#include "netkeel/apply/change.hpp"
#include "netkeel/kernel/kernel_features.hpp"

namespace netkeel::apply {

// Pure: the features the changes need that `kernel` reports missing, one per feature, in the order
// the changes need them. A link kind netkeel does not know is left for the kernel to judge.
std::vector<kernel::FeatureStatus> missing_features(const std::vector<Change>& changes,
                                                    const std::vector<kernel::FeatureStatus>& kernel);

// "error: this plan needs <feature>, which this kernel lacks: <evidence>\n  fix: <remedy>\n" per feature.
std::string format_missing_features(const std::vector<kernel::FeatureStatus>& missing);

}  // namespace netkeel::apply
