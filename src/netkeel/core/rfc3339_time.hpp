#pragma once
// Timestamps as Alertmanager's API and webhook payloads carry them: RFC 3339 in UTC with milliseconds,
// "2026-01-01T00:00:00.000Z" (Alertmanager's API, webhook payloads, `keep status`).
#include <cstdint>
#include <string>

namespace netkeel {

// Go's zero time, which Alertmanager's webhook payload shows as the endsAt of a firing alert.
inline constexpr const char* kGoZeroTime = "0001-01-01T00:00:00Z";

// Milliseconds since the Unix epoch (0 or later) as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string format_rfc3339_ms(std::int64_t unix_ms);

}  // namespace netkeel
