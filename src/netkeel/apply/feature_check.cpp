#include "netkeel/apply/feature_check.hpp"

#include <set>

#include <fmt/format.h>

namespace netkeel::apply {

std::vector<kernel::FeatureStatus> missing_features(const std::vector<Change>& changes,
                                                    const std::vector<kernel::FeatureStatus>& kernel) {
  std::vector<kernel::FeatureStatus> missing;
  std::set<std::string> seen;
  for (const auto& change : changes) {
    const auto* create = std::get_if<CreateLink>(&change);
    if (!create || !seen.insert(create->spec.kind).second) continue;
    auto status = kernel::feature_for_link_kind(kernel, create->spec.kind);
    if (status && !status->available) missing.push_back(*status);
  }
  return missing;
}

std::string format_missing_features(const std::vector<kernel::FeatureStatus>& missing) {
  std::string out;
  for (const auto& f : missing) {
    out += fmt::format("error: this plan needs {} (links of kind {}), which this kernel lacks: {}\n", f.feature.name,
                       f.feature.link_kind, f.evidence);
    if (!f.remedy.empty()) out += fmt::format("  fix: {}\n", f.remedy);
  }
  return out;
}

}  // namespace netkeel::apply
