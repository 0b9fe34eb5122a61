#include "netkeel/render/text_format.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace netkeel::render {

std::string destination_text(const Ipv4Prefix& destination) {
  return destination.length() == 0 ? "default" : destination.str();
}

std::string written_by_header(std::string_view comment, const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  return fmt::format("{} Written by netkeel for host {} of site {}. Do not edit: change the site file and re-render.\n",
                     comment, host.name, plan.site);
}

std::string yaml_scalar(std::string_view text) {
  bool plain = !text.empty() && std::isalpha(static_cast<unsigned char>(text.front()));
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') plain = false;
  }
  // Words YAML 1.1 reads as booleans or null stay strings only when quoted.
  static constexpr std::string_view kReserved[] = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"};
  for (auto r : kReserved) {
    if (text.size() == r.size() &&
        std::equal(text.begin(), text.end(), r.begin(), [](char a, char b) { return std::tolower(a) == b; })) {
      plain = false;
    }
  }
  if (plain) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string shell_word(std::string_view text) {
  bool plain = !text.empty();
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("._-/:+=@,").find(c) == std::string_view::npos) {
      plain = false;
    }
  }
  if (plain) return std::string(text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace netkeel::render
