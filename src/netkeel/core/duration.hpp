#pragma once
// Durations as people write them in flags and query parameters: 250ms, 10s, 5m, 2h, 1d; a bare number
// is seconds. Whole numbers only, so every duration is an exact number of milliseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkeel {

// Milliseconds, or nothing when the text is not a duration (or overflows). Zero is allowed.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// 60000 -> "60s", 300000 -> "5m": the shortest exact form, for messages and legends.
std::string format_duration_ms(std::int64_t ms);

}  // namespace netkeel
