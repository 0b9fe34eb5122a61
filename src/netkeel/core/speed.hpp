#pragma once
// Port speeds as written in site files ("1G", "10G", "25G", "100M", "2.5G").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkeel {
// Returns megabits per second; nullopt when malformed or zero.
std::optional<uint64_t> parse_speed_mbps(std::string_view text);
std::string format_speed(uint64_t mbps);  // 1000 -> "1G", 2500 -> "2.5G", 100 -> "100M"
}  // namespace netkeel
