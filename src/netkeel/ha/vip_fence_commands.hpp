#pragma once
// The nftables text of the VIP fence, built without running it (tests/ha/vip_fence_commands_test.cpp).
// Each function returns one batch: nftables applies a batch as one transaction, all or nothing.
//
// Two tables of one name: `arp NAME` drops ARP sent from a managed VIP that is not open (replies and
// announcements alike); `inet NAME` drops IPv4 to and from it. A VIP is open while its element in
// `open_vips` (a set with `flags timeout`) has not expired; the kernel expires it on its own.
#include <string>

#include "netkeel/core/clock.hpp"
#include "netkeel/core/ipv4.hpp"

namespace netkeel::ha {

inline constexpr const char* kVipFenceTable = "netkeel_vip_fence";

// Replaces both tables with empty sets and the drop rules (add + delete first, so a missing table is no
// error and an existing one with stale open elements is gone).
std::string vip_fence_install_commands(const std::string& table);
// Makes VIP managed and open for FOR (whole milliseconds, rounded down, at least 1 ms). nft 1.0.6 does
// not refresh the timeout of an element that is added again, and deleting an absent element fails the
// batch: so add (it exists now), delete, add with the new timeout.
std::string vip_fence_open_commands(const std::string& table, Ipv4Address vip, Nanoseconds for_duration);
// Closes VIP now: add (so the delete cannot fail), delete.
std::string vip_fence_close_commands(const std::string& table, Ipv4Address vip);
// Deletes both tables; add first, so deleting what is not there is no error.
std::string vip_fence_remove_commands(const std::string& table);

}  // namespace netkeel::ha
