#pragma once
// Site -> ClusterPlan. Pure: no I/O, no clock, no randomness. Expects a validated site.
#include <optional>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

struct PlanResult {
  std::optional<ClusterPlan> plan;   // absent when planning hit an error (e.g. a MAC collision)
  Diagnostics diagnostics;           // errors and warnings, also copied into plan->findings
};

struct PlanOptions {
  // The permanent neighbour entries of every host: the bulk of a large plan (hosts x addresses).
  // `apply` and the renderers need them; the agent, which only needs addresses, plans without.
  bool static_neighbours = true;
};

PlanResult plan_site(const site::Site& site, const PlanOptions& options = {});

}  // namespace netkeel::plan
