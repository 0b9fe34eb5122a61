#include "netkeel/plan/site_text_plan.hpp"

#include <fmt/format.h>

#include "netkeel/plan/sha256.hpp"
#include "netkeel/site/site_loader.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::plan {

SiteTextPlan plan_site_text(const std::string& text, const std::string& name, const PlanOptions& options) {
  SiteTextPlan result;
  auto loaded = site::load_site_from_string(text, name);
  result.diagnostics = std::move(loaded.diagnostics);
  // A model with load errors is still validated, so one check reports every problem it can see.
  if (loaded.site) result.diagnostics.append(site::validate_site(*loaded.site));
  result.diagnostics.sort();
  if (!loaded.site || result.diagnostics.has_errors()) return result;
  auto planned = plan_site(*loaded.site, options);
  if (!planned.plan || planned.diagnostics.has_errors()) {
    result.diagnostics.append(planned.diagnostics);
    return result;
  }
  result.site = std::move(*loaded.site);
  result.plan = std::move(*planned.plan);
  return result;
}

std::string site_text_hash(const std::string& text) {
  std::string hex;
  hex.reserve(64);
  for (const uint8_t byte : sha256(text)) hex += fmt::format("{:02x}", byte);
  return hex;
}

}  // namespace netkeel::plan
