#pragma once
// The planned examples/sites/*.yaml, for the golden and netplan-generate tests. Paths are loaded
// relative to the source tree so that diagnostics (and so the JSON findings) name
// "examples/sites/<file>", the same on every machine.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::render::testing {

struct ExamplePlan {
  std::string stem;  // "2-production-mlag"
  plan::ClusterPlan plan;
};

inline std::vector<ExamplePlan> plan_examples() {
  if (chdir(NETKEEL_SOURCE_DIR) != 0) throw std::runtime_error("cannot chdir to " NETKEEL_SOURCE_DIR);
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator("examples/sites")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<ExamplePlan> out;
  for (const auto& f : files) {
    auto checked = site::load_and_validate(f.string());
    if (!checked.ok()) throw std::runtime_error(f.string() + " does not validate:\n" + format_diagnostics(checked.diagnostics));
    auto planned = plan::plan_site(*checked.site);
    if (!planned.plan) throw std::runtime_error(f.string() + " does not plan:\n" + format_diagnostics(planned.diagnostics));
    out.push_back({f.stem().string(), std::move(*planned.plan)});
  }
  if (out.size() < 6) throw std::runtime_error("expected the six example sites under examples/sites");
  return out;
}

}  // namespace netkeel::render::testing
