#include "netkeel/agent/plan_source.hpp"

#include "netkeel/agent/site_file_source.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/plan/site_text_plan.hpp"

namespace netkeel::agent {

plan::ClusterPlan plan_for_agent(const SiteText& text) {
  auto checked = plan::plan_site_text(text.text, text.origin, {.static_neighbours = false});
  if (!checked.ok()) throw UsageError(text.origin + " is not a valid site:\n" + format_diagnostics(checked.diagnostics));
  return std::move(*checked.plan);
}

PlanSource::PlanSource(std::string site_file) : PlanSource(std::make_unique<SiteFileSource>(std::move(site_file))) {}

PlanSource::PlanSource(std::unique_ptr<SiteTextSource> source) : source_(std::move(source)) {
  const SiteText text = source_->initial();
  plan_ = plan_for_agent(text);
  hash_ = text.hash;
  source_->accepted(text);
}

std::optional<plan::ClusterPlan> PlanSource::reload_if_changed(std::string& error) {
  const auto text = source_->changed();
  if (!text || text->hash == hash_) return std::nullopt;
  try {
    plan_ = plan_for_agent(*text);
  } catch (const UsageError& e) {
    error = e.what();
    return std::nullopt;
  }
  hash_ = text->hash;
  source_->accepted(*text);
  return plan_;
}

}  // namespace netkeel::agent
