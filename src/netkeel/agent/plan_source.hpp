#pragma once
// The agent's plan: the site text (from a file or from the server, site_text_source.hpp), loaded,
// validated and planned, and planned again when the text changes so targets follow the plan without a
// restart. A broken text keeps the last good plan.
#include <memory>
#include <optional>
#include <string>

#include "netkeel/agent/site_text_source.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::agent {

// The agent's planning of a text: no static neighbour tables (they would be most of its memory on a large
// site: 201 hosts x 800 addresses, ~40 MB). Throws UsageError with every diagnostic (ORIGIN:LINE:COL and
// hint) when the text is not plannable.
plan::ClusterPlan plan_for_agent(const SiteText& text);

class PlanSource {
 public:
  explicit PlanSource(std::string site_file);  // --site FILE; loads now; throws like plan_for_agent
  explicit PlanSource(std::unique_ptr<SiteTextSource> source);  // fetches and plans now
  const plan::ClusterPlan& plan() const { return plan_; }
  const std::string& hash() const { return hash_; }  // of the text in use
  std::string describe() const { return source_->describe(); }
  // A new plan when the text changed and plans cleanly; none otherwise. `error` gets why a changed
  // text was not taken.
  std::optional<plan::ClusterPlan> reload_if_changed(std::string& error);

 private:
  std::unique_ptr<SiteTextSource> source_;
  plan::ClusterPlan plan_;
  std::string hash_;
};

}  // namespace netkeel::agent
