#include "netkeel/agent/ship_decision.hpp"

namespace netkeel::agent {

ShipDecision decide_after_status(int status) {
  switch (status) {
    case 200: return {ShipVerdict::delivered, ""};
    case 400: return {ShipVerdict::dropped, "rejected"};
    case 413: return {ShipVerdict::dropped, "too_large"};
    case 415: return {ShipVerdict::dropped, "unsupported"};
    case 401: return {ShipVerdict::retry, "unauthorized"};  // the operator may fix the token
    case 403: return {ShipVerdict::retry, "forbidden"};     // a read-only token: the same fix
    default: break;
  }
  if (status >= 500) return {ShipVerdict::retry, "server_error"};
  // 404 (wrong URL, older server), 3xx, ...: a setting the operator can fix; keep the batch.
  return {ShipVerdict::retry, "unexpected_status"};
}

ShipDecision decide_after_no_response() { return {ShipVerdict::retry, "unreachable"}; }

}  // namespace netkeel::agent
