// The `placement` section: anti-affinity groups name existing, distinct services (at least two each).
#include <set>

#include <fmt/format.h>

#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/site/site_checks.hpp"

namespace netkeel::site {

void check_placement(const Site& site, Diagnostics& out) {
  for (std::size_t g = 0; g < site.placement.anti_affinity.size(); ++g) {
    const AntiAffinityGroup& group = site.placement.anti_affinity[g];
    std::set<std::string> seen;
    for (std::size_t i = 0; i < group.services.size(); ++i) {
      const std::string& name = group.services[i];
      const SourceMark mark = group.marks.of("services." + std::to_string(i));
      if (!site.find_service(name)) {
        out.error(mark,
                  fmt::format("anti-affinity group {} names service '{}', which is not a service of this site", g + 1,
                              name),
                  unknown_name_hint(name, names_of(site.services), "services"));
      } else if (!seen.insert(name).second) {
        out.error(mark, fmt::format("anti-affinity group {} names service '{}' twice", g + 1, name),
                  "list each service once");
      }
    }
    if (group.services.size() < 2) {
      out.error(group.marks.self, fmt::format("anti-affinity group {} has fewer than two services", g + 1),
                "list at least two services that should not share a host, e.g. [mysql, rabbitmq]");
    }
  }
}

}  // namespace netkeel::site
