#include "netkeel/render/sysctl_conf_renderer.hpp"

#include <fmt/format.h>

namespace netkeel::render {

std::string render_sysctl_conf(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  if (host.sysctls.empty()) return {};
  std::string out;
  out.reserve(128 + host.sysctls.size() * 96);
  fmt::format_to(std::back_inserter(out),
                 "# Written by netkeel for host {} of site {}. Do not edit: re-render instead.\n"
                 "# Keys use sysctl.d's '/' for dots inside interface names (bond0/10 = bond0.10).\n",
                 host.name, plan.site);
  for (const auto& s : host.sysctls) {
    out += '\n';
    if (!s.reason.empty()) fmt::format_to(std::back_inserter(out), "# {}\n", s.reason);
    fmt::format_to(std::back_inserter(out), "{} = {}\n", s.key, s.value);
  }
  return out;
}

}  // namespace netkeel::render
