#pragma once
// Services and keeper reports for the health judgement's unit tests.
#include <string>
#include <vector>

#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha::testing {

inline site::Service service(const std::string& name, std::vector<std::string> depends_on = {}) {
  site::Service s;
  s.name = name;
  s.depends_on = std::move(depends_on);
  return s;
}

// A report of an instance whose own checks pass ("ok") or fail ("connection refused", FAILED_CHECK).
inline KeeperReport report(const std::string& service, const std::string& host, bool healthy,
                           const std::string& failed_check = "") {
  return KeeperReport{service, host, "standby", 0, healthy, healthy ? "ok" : "connection refused",
                      healthy ? "" : failed_check, false};
}

}  // namespace netkeel::ha::testing
