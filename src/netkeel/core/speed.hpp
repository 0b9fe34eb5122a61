#pragma once
// Port speeds as written in site files ("1G", "10G", "25G", "100M", "2.5G").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkeel {
// Returns megabits per second; nullopt when malformed or not an Ethernet speed (ethernet_speeds_text()).
std::optional<uint64_t> parse_speed_mbps(std::string_view text);
std::string ethernet_speeds_text();  // "10M, 100M, 1G, 2.5G, ..., 800G": the speeds a port can run at
std::string format_speed(uint64_t mbps);  // 1000 -> "1G", 2500 -> "2.5G", 100 -> "100M"
}  // namespace netkeel
