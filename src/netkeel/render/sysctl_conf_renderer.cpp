#include "netkeel/render/sysctl_conf_renderer.hpp"

#include <fmt/format.h>

#include "netkeel/render/text_format.hpp"

namespace netkeel::render {

std::string render_sysctl_conf(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  if (host.sysctls.empty()) return {};
  std::string out;
  out.reserve(128 + host.sysctls.size() * 96);
  out += written_by_header("#", plan, host);
  out += "# Keys use sysctl.d's '/' for dots inside interface names (bond0/10 = bond0.10).\n";
  for (const auto& s : host.sysctls) {
    out += '\n';
    if (!s.reason.empty()) fmt::format_to(std::back_inserter(out), "# {}\n", s.reason);
    fmt::format_to(std::back_inserter(out), "{} = {}\n", s.key, s.value);
  }
  return out;
}

}  // namespace netkeel::render
