#pragma once
// Senders of batches that are no agent: their batch ids name these, and `GET /api/v1/hosts` leaves them
// out (a host's last-seen time comes from its agent alone).
namespace netkeel::store {

// A keeper's health and VIP move events (ha/keeper_event_shipper.hpp): this prefix and the host's name.
inline constexpr const char* kKeeperEventSenderPrefix = "netkeel-keeper@";

}  // namespace netkeel::store
