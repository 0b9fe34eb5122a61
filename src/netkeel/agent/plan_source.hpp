#pragma once
// The agent's plan: the site file, loaded, validated and planned, and re-read when it changes so
// targets follow the plan without a restart. A broken edit keeps the last good plan.
#include <filesystem>
#include <optional>
#include <string>

#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::agent {

// Throws UsageError with every diagnostic (FILE:LINE:COL and hint) when the site is not plannable.
plan::ClusterPlan load_plan(const std::string& site_file);

class PlanSource {
 public:
  explicit PlanSource(std::string site_file);  // loads now; throws like load_plan
  const plan::ClusterPlan& plan() const { return plan_; }
  // A new plan when the file changed and plans cleanly; none otherwise. `error` gets why a changed
  // file was not taken.
  std::optional<plan::ClusterPlan> reload_if_changed(std::string& error);

 private:
  std::string file_;
  std::filesystem::file_time_type seen_;
  plan::ClusterPlan plan_;
};

}  // namespace netkeel::agent
