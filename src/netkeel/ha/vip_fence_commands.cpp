#include "netkeel/ha/vip_fence_commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace netkeel::ha {
namespace {

constexpr const char* kFamilies[] = {"arp", "inet"};

}  // namespace

std::string vip_fence_install_commands(const std::string& table) {
  // One base chain per hook: drop a packet whose FIELD is a managed VIP that is not open.
  auto chain = [](const char* hook, const char* field) {
    return fmt::format(
        "  chain {0} {{\n"
        "    type filter hook {0} priority filter; policy accept;\n"
        "    {1} @managed_vips {1} != @open_vips counter drop\n"
        "  }}\n",
        hook, field);
  };
  auto replace_table = [&](const char* family, const std::string& chains) {
    return fmt::format(
        "add table {0} {1}\ndelete table {0} {1}\n"
        "table {0} {1} {{\n"
        "  set managed_vips {{ type ipv4_addr; }}\n"
        "  set open_vips {{ type ipv4_addr; flags timeout; }}\n"
        "{2}"
        "}}\n",
        family, table, chains);
  };
  return replace_table("arp", chain("output", "arp saddr ip")) +
         replace_table("inet", chain("input", "ip daddr") + chain("output", "ip saddr"));
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
