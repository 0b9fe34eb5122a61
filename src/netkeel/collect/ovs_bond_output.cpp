#include "netkeel/collect/ovs_bond_output.hpp"

#include <fmt/format.h>

#include <sstream>
#include <stdexcept>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {

namespace {

std::string trim(std::string s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// "---- NAME ----" -> NAME, or "" when the line is no section header.
std::string section_name(const std::string& line) {
  if (!starts_with(line, "---- ") || line.size() < 10 || line.substr(line.size() - 5) != " ----") return "";
  return line.substr(5, line.size() - 10);
}

[[noreturn]] void bad_line(const char* command, int number, const std::string& line, const std::string& why) {
  throw RuntimeError(fmt::format("ovs-appctl {} output, line {}: {} (\"{}\"); is this an Open vSwitch "
                                 "ovs-vswitchd answering?",
                                 command, number, why, line));
}

BondState& bond_named(std::vector<BondState>& bonds, const std::string& name) {
  for (auto& b : bonds)
    if (b.name == name) return b;
  bonds.push_back(BondState{name, "ovs", "", "", "", {}});
  return bonds.back();
}

BondMemberState& member_named(BondState& bond, const std::string& name) {
  for (auto& m : bond.members)
    if (m.name == name) return m;
  bond.members.push_back(BondMemberState{});
  bond.members.back().name = name;
  return bond.members.back();
}


// One line of `ovs-appctl bond/show` or `lacp/show` inside a "---- BOND ----" section.
struct SectionLine {
  BondState& bond;
  int number;           // 1-based, for messages
  const std::string& raw;
  std::string text;     // trimmed
  bool starts_section;  // the header itself: per-section state resets here
};

// Both commands print "---- NAME ----" sections of "key: value" lines; this walks them, skipping
// blank lines and refusing text before the first header, and hands each line to on_line.
template <class OnLine>
void walk_bond_sections(const char* command, const std::string& output, std::vector<BondState>& bonds,
                        OnLine on_line) {
  BondState* bond = nullptr;
  std::istringstream in(output);
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    std::string text = trim(raw);
    if (text.empty()) continue;
    if (auto name = section_name(text); !name.empty()) {
      bond = &bond_named(bonds, name);
      on_line(SectionLine{*bond, number, raw, std::move(text), true});
      continue;
    }
    if (!bond) bad_line(command, number, text, "text before the first '---- BOND ----' header");
    on_line(SectionLine{*bond, number, raw, std::move(text), false});
  }
}

}  // namespace

uint8_t parse_lacp_port_state_words(const std::string& words) {
  uint8_t bits = 0;
  std::istringstream in(words);
  std::string w;
  while (in >> w) {
    if (w == "activity") bits |= kLacpActivity;
    else if (w == "timeout") bits |= kLacpTimeout;
    else if (w == "aggregation") bits |= kLacpAggregation;
    else if (w == "synchronized") bits |= kLacpSynchronization;
    else if (w == "collecting") bits |= kLacpCollecting;
    else if (w == "distributing") bits |= kLacpDistributing;
    else if (w == "defaulted") bits |= kLacpDefaulted;
    else if (w == "expired") bits |= kLacpExpired;
    else throw std::invalid_argument("unknown LACP state word '" + w + "'");
  }
  return bits;
}

std::vector<BondState> parse_ovs_bond_show(const std::string& text) {
  std::vector<BondState> bonds;
  BondMemberState* member = nullptr;
  walk_bond_sections("bond/show", text, bonds, [&](const SectionLine& at) {
    if (at.starts_section) {
      member = nullptr;
      return;
    }
    BondState* bond = &at.bond;
    const std::string& line = at.text;
    const std::string& raw = at.raw;
    const int number = at.number;
    const bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (!indented && (starts_with(line, "member ") || starts_with(line, "slave "))) {
      // "member NAME: enabled" / "member NAME: disabled"
      const auto colon = line.rfind(": ");
      if (colon == std::string::npos) bad_line("bond/show", number, line, "a member line without ': enabled|disabled'");
      const std::string state = line.substr(colon + 2);
      if (state != "enabled" && state != "disabled")
        bad_line("bond/show", number, line, "member state '" + state + "' is neither enabled nor disabled");
      const auto space = line.find(' ');
      member = &member_named(*bond, line.substr(space + 1, colon - space - 1));
      member->up = state == "enabled";
      return;
    }
    if (indented && member) {
      if (line == "active member" || line == "active slave") {
        member->active = true;
        bond->active_member = member->name;
      }
      return;  // may_enable, hash lines: not reported
    }
    const auto colon = line.find(": ");
    if (colon == std::string::npos) return;  // a bare line OVS may add
    const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "bond_mode") bond->mode = value;
    else if (key == "lacp_status") bond->lacp_status = value;
  });
  // Members of balance modes all carry traffic when enabled; only active-backup names one.
  for (auto& b : bonds)
    if (b.mode != "active-backup")
      for (auto& m : b.members) m.active = m.up;
  return bonds;
}

void merge_ovs_lacp_show(const std::string& text, std::vector<BondState>& bonds) {
  BondMemberState* member = nullptr;
  walk_bond_sections("lacp/show", text, bonds, [&](const SectionLine& at) {
    if (at.starts_section) {
      member = nullptr;
      return;
    }
    BondState* bond = &at.bond;
    const std::string& line = at.text;
    const int number = at.number;
    if (starts_with(line, "member: ") || starts_with(line, "slave: ")) {
      // "member: NAME: current attached" (also expired / defaulted, detached)
      const auto first = line.find(": ");
      const auto second = line.find(": ", first + 2);
      if (second == std::string::npos) bad_line("lacp/show", number, line, "a member line without its LACP status");
      member = &member_named(*bond, line.substr(first + 2, second - first - 2));
      std::istringstream words(line.substr(second + 2));
      std::string w;
      member->lacp.clear();
      member->lacp_attached = false;
      while (words >> w) {
        if (w == "current" || w == "expired" || w == "defaulted") member->lacp = w;
        else if (w == "attached") member->lacp_attached = true;
        else if (w != "detached") bad_line("lacp/show", number, line, "unknown member status word '" + w + "'");
      }
      if (member->lacp.empty()) bad_line("lacp/show", number, line, "no current, expired or defaulted in the member status");
      return;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) return;
    const std::string key = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (key == "actor state" || key == "partner state") {
      if (!member) bad_line("lacp/show", number, line, "a port state before any member line");
      try {
        (key == "actor state" ? member->actor_state : member->partner_state) = parse_lacp_port_state_words(value);
      } catch (const std::invalid_argument& e) {
        bad_line("lacp/show", number, line, e.what());
      }
    } else if (key == "status" && !member) {
      // "active negotiated" / "passive": OVS appends "negotiated" only once the partner answered.
      if (bond->lacp_status.empty()) bond->lacp_status = value.ends_with(" negotiated") ? "negotiated" : "configured";
    }
  });
}

}  // namespace netkeel::collect
