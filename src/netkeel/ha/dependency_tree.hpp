#pragma once
// `netkeel keep status`'s dependency tree: every service under the services that depend on it, with its
// health as a whole, each instance's health, and the reason of the first instance that is not healthy.
// Roots are the services nothing depends on; a service shared by several (a diamond) appears under each.
// Pure.
#include <string>
#include <vector>

#include "netkeel/ha/instance_health.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

// Lines end in '\n'; each is indented by INDENT.
std::string dependency_tree_text(const site::Site& site, const std::vector<InstanceJudgement>& judged,
                                 const std::string& indent = "  ");

}  // namespace netkeel::ha
