#include "netkeel/agent/plan_source.hpp"

#include <system_error>

#include "netkeel/core/error.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::agent {

plan::ClusterPlan load_plan(const std::string& site_file) {
  auto checked = site::load_and_validate(site_file);
  if (!checked.ok())
    throw UsageError(site_file + " is not a valid site:\n" + format_diagnostics(checked.diagnostics));
  // Probe targets come from addresses; the static neighbour tables would be most of the agent's
  // memory on a large site (201 hosts x 800 addresses: ~40 MB).
  auto planned = plan::plan_site(*checked.site, {.static_neighbours = false});
  if (!planned.plan) throw UsageError(site_file + " cannot be planned:\n" + format_diagnostics(planned.diagnostics));
  return *planned.plan;
}

PlanSource::PlanSource(std::string site_file) : file_(std::move(site_file)) {
  std::error_code ec;
  seen_ = std::filesystem::last_write_time(file_, ec);
  plan_ = load_plan(file_);
}

std::optional<plan::ClusterPlan> PlanSource::reload_if_changed(std::string& error) {
  std::error_code ec;
  const auto now = std::filesystem::last_write_time(file_, ec);
  if (ec || now == seen_) return std::nullopt;
  seen_ = now;
  try {
    plan_ = load_plan(file_);
    return plan_;
  } catch (const UsageError& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace netkeel::agent
