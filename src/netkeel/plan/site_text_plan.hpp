#pragma once
// A site file's text, loaded, validated and planned in one step, with no file behind it: how the server
// checks a new version of its --site file and how an agent or keeper checks one fetched with --site-from.
#include <optional>
#include <string>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

struct SiteTextPlan {
  std::optional<site::Site> site;  // set when valid
  std::optional<ClusterPlan> plan;  // set when valid and plannable
  Diagnostics diagnostics;          // every error and warning, FILE:LINE:COL with `name` as FILE
  bool ok() const { return site && plan && !diagnostics.has_errors(); }
};

// `name` stands for the file in the diagnostics (the server's path, or the URL the text came from).
SiteTextPlan plan_site_text(const std::string& text, const std::string& name, const PlanOptions& options = {});

// The site text's content hash: SHA-256 as 64 lowercase hex digits. The server's ETag is this, quoted, so
// a host can tell from its cached copy alone whether the server has a newer one.
std::string site_text_hash(const std::string& text);

}  // namespace netkeel::plan
