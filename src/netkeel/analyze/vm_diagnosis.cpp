#include "netkeel/analyze/vm_diagnosis.hpp"

#include <cmath>
#include <fmt/format.h>

#include "netkeel/analyze/optional_number_json.hpp"

namespace netkeel::analyze {
namespace {

constexpr double kRise = 3;            // a VM counter counts as up at 3x its baseline pace...
constexpr double kFloorPerS = 0.1;     // ...and at least one every ten seconds


bool trouble_counter(const std::string& name) {
  return name.find("errors") != std::string::npos || name.find("drops") != std::string::npos;
}

bool rising(const CounterPace& c) {
  if (std::isnan(c.per_s) || c.per_s < kFloorPerS) return false;
  return std::isnan(c.baseline_per_s) || c.per_s >= kRise * c.baseline_per_s;
}

std::string pace(double per_s) { return std::isnan(per_s) ? "-" : fmt::format("{:.2f}/s", per_s); }

}  // namespace

std::string vm_verdict(const VmDiagnosis& d) {
  std::vector<std::string> own;
  for (const VmInterface& i : d.interfaces) {
    for (const CounterPace& c : i.counters) {
      if (trouble_counter(c.name) && rising(c)) {
        own.push_back(fmt::format("{} {} at {} (baseline {})", i.name, c.name, pace(c.per_s), pace(c.baseline_per_s)));
      }
    }
  }
  std::string list;
  for (const std::string& item : own) list += (list.empty() ? "" : ", ") + item;
  if (!own.empty() && d.host.fault) {
    return fmt::format("both: the VM's interface loses packets ({}) and its host is suspect too: {}", list, d.host.verdict);
  }
  if (!own.empty()) {
    return fmt::format("the VM's own interface, not the physical network: {}; host {} looks as usual (a guest that "
                       "does not keep up, or its queue or tap device)",
                       list, d.host.host);
  }
  if (d.host.fault) return fmt::format("the network is suspect: host {}: {}", d.host.host, d.host.verdict);
  if (d.interfaces.empty()) {
    return fmt::format("no interface counters for {} in the window: nothing to judge the VM by; host {}: {}", d.domain,
                       d.host.host, d.host.verdict);
  }
  return fmt::format("not the network: the VM's interfaces drop and err no more than in the baseline, and host {}: {}",
                     d.host.host, d.host.verdict);
}

nlohmann::json vm_diagnosis_json(const VmDiagnosis& d) {
  nlohmann::json interfaces = nlohmann::json::array();
  for (const VmInterface& i : d.interfaces) {
    nlohmann::json counters = nlohmann::json::array();
    for (const CounterPace& c : i.counters) {
      counters.push_back(counter_pace_json(c));
    }
    interfaces.push_back({{"interface", i.name}, {"mac", i.mac}, {"counters", counters}});
  }
  return {{"domain", d.domain},
          {"uuid", d.uuid},
          {"window_s", d.window_s},
          {"baseline_s", d.baseline_s},
          {"verdict", d.verdict},
          {"interfaces", interfaces},
          {"host", host_diagnosis_json(d.host)}};
}

std::string vm_diagnosis_table(const nlohmann::json& j) {
  std::string out = fmt::format("vm {} on host {} over the last {:g} s (baseline: the {:g} s before)\n",
                                j.at("domain").get<std::string>(), j.at("host").at("host").get<std::string>(),
                                j.at("window_s").get<double>(), j.at("baseline_s").get<double>());
  out += "verdict: " + j.at("verdict").get<std::string>() + "\n\ninterfaces (libvirt):\n";
  out += fmt::format("  {:<10} {:<18} {:<26} {:>10}  {:>10}  {:>10}\n", "INTERFACE", "MAC", "COUNTER", "INCREASE", "NOW",
                     "BASELINE");
  for (const nlohmann::json& i : j.at("interfaces")) {
    for (const nlohmann::json& c : i.at("counters")) {
      out += fmt::format("  {:<10} {:<18} {:<26} {:>10.0f}  {:>10}  {:>10}\n", i.at("interface").get<std::string>(),
                         i.at("mac").get<std::string>(), c.at("counter").get<std::string>(),
                         c.at("increase").get<double>(), pace(number_from(c.at("per_s"))),
                         pace(number_from(c.at("baseline_per_s"))));
    }
  }
  out += "\n--- its host ---\n" + host_diagnosis_table(j.at("host"));
  return out;
}

}  // namespace netkeel::analyze
