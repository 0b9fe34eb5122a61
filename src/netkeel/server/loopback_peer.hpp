#pragma once
// Whether a request came over the loopback interface: its peer ("ADDRESS:PORT", "[IPV6]:PORT" as
// http::HttpRequest gives it) is in 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104. A server started with
// --dashboard-open (the lab's) serves reads to such peers without a token. Pure.
#include <string_view>

namespace netkeel::server {

bool is_loopback_peer(std::string_view peer);

}  // namespace netkeel::server
