#include "netkeel/analyze/alert_table.hpp"

#include <fmt/format.h>

#include "netkeel/analyze/alert_json.hpp"
#include "netkeel/plan/text_table.hpp"

namespace netkeel::analyze {

std::string render_alert_table(const std::vector<Alert>& alerts, bool with_state) {
  if (alerts.empty()) return with_state ? "no alerts firing or resolved in the last hour\n" : "no alerts firing\n";
  std::vector<std::string> header = {"NAME", "SEVERITY", "NETWORK", "CULPRIT", "SINCE", "SUMMARY"};
  if (with_state) header.insert(header.begin() + 1, "STATE");
  plan::TextTable table(header);
  for (const Alert& alert : alerts) {
    // Seconds are enough on a terminal; the JSON keeps the milliseconds.
    std::string since = rfc3339_ms(alert.since_unix_ms);
    since = since.substr(0, 19) + "Z";
    // Localization's culprit shows how sure it is: "nic node3:eno1 (0.34)".
    std::string culprit = alert.culprit.kind + " " + alert.culprit.name;
    if (alert.culprit.confidence) culprit += fmt::format(" ({:.2f})", *alert.culprit.confidence);
    std::vector<std::string> row = {alert.name, to_string(alert.severity), alert.network.empty() ? "-" : alert.network,
                                    culprit, since, alert.summary};
    if (with_state) row.insert(row.begin() + 1, to_string(alert.state));
    table.add_row(std::move(row));
  }
  return table.render("");
}

}  // namespace netkeel::analyze
