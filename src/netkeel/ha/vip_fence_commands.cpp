#include "netkeel/ha/vip_fence_commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace netkeel::ha {
namespace {

constexpr const char* kFamilies[] = {"arp", "inet"};

}  // namespace

std::string vip_fence_install_commands(const std::string& table) {
  const std::string sets = fmt::format(
      "  set managed_vips {{ type ipv4_addr; }}\n"
      "  set open_vips {{ type ipv4_addr; flags timeout; }}\n");
  std::string out;
  out += fmt::format("add table arp {0}\ndelete table arp {0}\n", table);
  out += fmt::format(
      "table arp {} {{\n{}"
      "  chain output {{\n"
      "    type filter hook output priority filter; policy accept;\n"
      "    arp saddr ip @managed_vips arp saddr ip != @open_vips counter drop\n"
      "  }}\n"
      "}}\n",
      table, sets);
  out += fmt::format("add table inet {0}\ndelete table inet {0}\n", table);
  out += fmt::format(
      "table inet {} {{\n{}"
      "  chain input {{\n"
      "    type filter hook input priority filter; policy accept;\n"
      "    ip daddr @managed_vips ip daddr != @open_vips counter drop\n"
      "  }}\n"
      "  chain output {{\n"
      "    type filter hook output priority filter; policy accept;\n"
      "    ip saddr @managed_vips ip saddr != @open_vips counter drop\n"
      "  }}\n"
      "}}\n",
      table, sets);
  return out;
}

std::string vip_fence_open_commands(const std::string& table, Ipv4Address vip, Nanoseconds for_duration) {
  const auto ms = std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(for_duration).count());
  std::string out;
  for (const char* family : kFamilies) {
    out += fmt::format("add element {} {} managed_vips {{ {} }}\n", family, table, vip.str());
    out += fmt::format("add element {} {} open_vips {{ {} timeout {}ms }}\n", family, table, vip.str(), ms);
    out += fmt::format("delete element {} {} open_vips {{ {} }}\n", family, table, vip.str());
    out += fmt::format("add element {} {} open_vips {{ {} timeout {}ms }}\n", family, table, vip.str(), ms);
  }
  return out;
}

std::string vip_fence_close_commands(const std::string& table, Ipv4Address vip) {
  std::string out;
  for (const char* family : kFamilies) {
    out += fmt::format("add element {} {} open_vips {{ {} timeout 1ms }}\n", family, table, vip.str());
    out += fmt::format("delete element {} {} open_vips {{ {} }}\n", family, table, vip.str());
  }
  return out;
}

std::string vip_fence_remove_commands(const std::string& table) {
  std::string out;
  for (const char* family : kFamilies) out += fmt::format("add table {0} {1}\ndelete table {0} {1}\n", family, table);
  return out;
}

}  // namespace netkeel::ha
