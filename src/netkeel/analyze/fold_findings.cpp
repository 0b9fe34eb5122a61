#include "netkeel/analyze/fold_findings.hpp"

#include <algorithm>

#include "netkeel/analyze/rule_context.hpp"

namespace netkeel::analyze {

Findings fold_findings(Findings findings) {
  std::vector<std::size_t> explainers;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (findings[i].explains && findings[i].fire) explainers.push_back(i);
  }
  // The highest level first: a pair folds into the whole incident, not into a part of it.
  std::stable_sort(explainers.begin(), explainers.end(),
                   [&](std::size_t a, std::size_t b) { return findings[a].level > findings[b].level; });
  std::vector<bool> folded(findings.size(), false);
  std::vector<std::vector<std::string>> details(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    if (finding.pairs.empty()) continue;
    for (std::size_t e : explainers) {
      if (e == i || findings[e].level <= finding.level) continue;
      const auto& explains = findings[e].explains;
      if (!std::all_of(finding.pairs.begin(), finding.pairs.end(), explains)) continue;
      folded[i] = true;
      if (finding.fire) details[e].push_back(finding.alert.name + ": " + finding.alert.summary);
      break;
    }
  }
  Findings kept;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (folded[i]) continue;
    Finding finding = std::move(findings[i]);
    if (!details[i].empty()) {
      std::sort(details[i].begin(), details[i].end());
      finding.alert.description += "\nFolded into this alert:";
      finding.alert.description += listed_lines(details[i]);
    }
    kept.push_back(std::move(finding));
  }
  return kept;
}

}  // namespace netkeel::analyze
