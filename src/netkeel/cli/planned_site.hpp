#pragma once
// Load, validate and plan a site file: the first step of every command that acts on a plan.
#include <optional>
#include <string>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::cli {

struct PlannedSite {
  site::Site site;
  plan::ClusterPlan plan;
};

// On any validation or planning error, prints every diagnostic to stderr and returns nullopt: the
// caller exits 2 (invalid input) without changing anything.
std::optional<PlannedSite> load_planned_site(const std::string& path);

}  // namespace netkeel::cli
