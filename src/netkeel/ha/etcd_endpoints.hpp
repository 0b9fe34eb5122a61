#pragma once
// The keeper's `--etcd URL,URL,...` value: the client URLs of an existing etcd cluster's members. Pure.
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::ha {

// "http://10.10.0.11:2379,http://10.10.0.12:2379/" -> {"http://10.10.0.11:2379", "http://10.10.0.12:2379"}.
// Each entry is http:// or https://, a host (name, IPv4 or bracketed IPv6) and a port from 1 to 65535, with
// at most a trailing '/'; no path, query, user or empty entry, and no member twice. Order is kept: the
// client tries members in this order. Throws UsageError naming the entry, what is wrong and the form.
std::vector<std::string> parse_etcd_endpoints(std::string_view list);

}  // namespace netkeel::ha
