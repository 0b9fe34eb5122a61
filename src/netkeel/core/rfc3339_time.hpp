#pragma once
#include <cstdint>
#include <string>
namespace netkeel {
std::string format_rfc3339_ms(std::int64_t unix_ms);
}
