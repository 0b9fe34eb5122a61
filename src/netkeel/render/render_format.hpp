#pragma once
// The output formats of `netkeel render`.
#include <optional>
#include <string>
#include <string_view>

namespace netkeel::render {

enum class Format { netplan, networkd, iproute2, json };

inline constexpr Format kAllFormats[] = {Format::netplan, Format::networkd, Format::iproute2, Format::json};

std::string to_string(Format f);                            // netplan, networkd, iproute2, json
std::optional<Format> parse_format(std::string_view name);  // the same spellings
std::string format_names();                                 // "netplan, networkd, iproute2, json"

}  // namespace netkeel::render
