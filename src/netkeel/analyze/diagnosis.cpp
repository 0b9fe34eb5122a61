#include "netkeel/analyze/diagnosis.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "netkeel/store/link_event_kind.hpp"

namespace netkeel::analyze {
namespace {

const nlohmann::json& member(const nlohmann::json& object, const char* name, const std::string& place) {
  if (!object.is_object() || !object.contains(name)) {
    throw std::invalid_argument(place + "." + name + " is missing");
  }
  return object.at(name);
}

std::string string_member(const nlohmann::json& object, const char* name, const std::string& place) {
  const nlohmann::json& value = member(object, name, place);
  if (!value.is_string()) throw std::invalid_argument(place + "." + name + " is not a string");
  return value.get<std::string>();
}

double number_member(const nlohmann::json& object, const char* name, const std::string& place) {
  const nlohmann::json& value = member(object, name, place);
  if (!value.is_number()) throw std::invalid_argument(place + "." + name + " is not a number");
  return value.get<double>();
}

}  // namespace

nlohmann::json diagnosis_json(const Diagnosis& diagnosis) {
  nlohmann::json culprits = nlohmann::json::array();
  for (const RankedCulprit& c : diagnosis.culprits) {
    culprits.push_back({{"kind", to_string(c.kind)},
                        {"name", c.name},
                        {"confidence", std::round(c.confidence * 100) / 100},
                        {"explains", c.explains},
                        {"evidence", c.evidence}});
  }
  return {{"window_s", diagnosis.window_s}, {"culprits", culprits}};
}

Diagnosis diagnosis_from_json(const nlohmann::json& json) {
  Diagnosis out;
  out.window_s = number_member(json, "window_s", "diagnosis");
  const nlohmann::json& culprits = member(json, "culprits", "diagnosis");
  if (!culprits.is_array()) throw std::invalid_argument("diagnosis.culprits is not a list");
  for (std::size_t i = 0; i < culprits.size(); ++i) {
    const std::string place = fmt::format("diagnosis.culprits[{}]", i);
    RankedCulprit c;
    const std::string kind = string_member(culprits[i], "kind", place);
    const auto parsed = parse_component_kind(kind);
    if (!parsed) throw std::invalid_argument(place + ".kind is '" + kind + "', not a component kind");
    c.kind = *parsed;
    c.name = string_member(culprits[i], "name", place);
    c.confidence = number_member(culprits[i], "confidence", place);
    c.explains = string_member(culprits[i], "explains", place);
    const nlohmann::json& evidence = member(culprits[i], "evidence", place);
    if (!evidence.is_array()) throw std::invalid_argument(place + ".evidence is not a list");
    for (const nlohmann::json& line : evidence) {
      if (!line.is_string()) throw std::invalid_argument(place + ".evidence holds a non-string");
      c.evidence.push_back(line.get<std::string>());
    }
    out.culprits.push_back(std::move(c));
  }
  return out;
}

std::string diagnosis_table(const Diagnosis& diagnosis) {
  if (diagnosis.culprits.empty()) {
    return fmt::format("nothing is wrong: no lossy pair, no carrier lost and no NIC errors in the last {:g} s\n", diagnosis.window_s);
  }
  std::string out = fmt::format("culprits over the last {:g} s, best first:\n", diagnosis.window_s);
  out += fmt::format("{:>2}  {:>10}  {:<11}  {}\n", "#", "confidence", "kind", "name");
  for (std::size_t i = 0; i < diagnosis.culprits.size(); ++i) {
    const RankedCulprit& c = diagnosis.culprits[i];
    out += fmt::format("{:>2}  {:>10.2f}  {:<11}  {}\n", i + 1, c.confidence, to_string(c.kind), c.name);
    out += "                 " + c.explains + "\n";
    for (const std::string& line : c.evidence) out += "                 - " + line + "\n";
  }
  return out;
}

LocalEvidence local_evidence_from_events(const std::vector<store::Event>& events) {
  LocalEvidence out;
  for (const store::Event& event : events) {
    const auto kind = store::parse_link_event_kind(event.kind);
    if (!kind || event.host.empty()) continue;
    const std::string nic = event.text.substr(0, event.text.find(' '));
    if (nic.empty()) continue;
    NicEvidence& evidence = out.nics[{event.host, nic}];
    switch (*kind) {
      case store::LinkEventKind::raw_down:
      case store::LinkEventKind::raw_up: evidence.carrier_changes += 1; break;
      case store::LinkEventKind::flapping: evidence.carrier_changes += 4; break;  // several quick changes
      case store::LinkEventKind::down:
      case store::LinkEventKind::removed: evidence.went_down = true; break;
      case store::LinkEventKind::up: break;
    }
  }
  return out;
}

}  // namespace netkeel::analyze
