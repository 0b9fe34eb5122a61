#pragma once
// The output formats of `netkeel render`.
#include <optional>
#include <string>
#include <string_view>

namespace netkeel::render {

// etcd: /etc/default/etcd for the site's etcd members only (the coordination section).
enum class Format { netplan, networkd, iproute2, json, etcd };

inline constexpr Format kAllFormats[] = {Format::netplan, Format::networkd, Format::iproute2, Format::json,
                                         Format::etcd};

std::string to_string(Format f);                            // netplan, networkd, iproute2, json, etcd
std::optional<Format> parse_format(std::string_view name);  // the same spellings
std::string format_names();                                 // "netplan, networkd, iproute2, json, etcd"

}  // namespace netkeel::render
