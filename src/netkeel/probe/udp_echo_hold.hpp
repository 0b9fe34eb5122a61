#pragma once
// A UDP probe carries 8 bytes after its payload (probe_payload.hpp): how long the responder held it,
// from the kernel's receive timestamp to just before its reply left, in nanoseconds, big-endian. The
// prober sends all ones ("not filled"); the responder fills it; the prober subtracts it from the RTT.
// So the responder may answer in batches (one wakeup for many probes) and its scheduling delay never
// shows as network latency: the reflector timestamps of TWAMP (RFC 5357), in 8 bytes.
// A reply that comes back unfilled (a responder that echoes verbatim) keeps its whole RTT.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_payload.hpp"

namespace netkeel::probe {

inline constexpr size_t kUdpProbeSize = kProbePayloadSize + 8;

// Marks the hold field of a kUdpProbeSize datagram "not filled".
void clear_hold(std::span<uint8_t> datagram);
// Fills it (the responder); a datagram of another size is left as it is.
void write_hold(std::span<uint8_t> datagram, Nanoseconds held);
// The hold a responder wrote; none when the datagram has no hold field or it was not filled.
std::optional<Nanoseconds> read_hold(std::span<const uint8_t> datagram);
// The network's part of `rtt`: minus the responder's hold when it is shorter than the whole trip
// (anything else is no hold this prober can trust, and the whole RTT stays).
Nanoseconds without_hold(Nanoseconds rtt, std::optional<Nanoseconds> hold);

}  // namespace netkeel::probe
