#pragma once
// What the shipper does with a batch after the server answered (docs/api.md, docs/agent.md "Shipping"):
// deleted once stored, dropped when sending it again cannot help, kept for a retry otherwise.
#include <string>

namespace netkeel::agent {

enum class ShipVerdict {
  delivered,  // 200: stored or a duplicate of a stored batch; delete it from the spool
  dropped,    // 400, 413, 415: the server will never take this batch; delete it, count and log it
  retry,      // 401, 5xx, anything unexpected, or no response: keep it and retry with backoff
};

struct ShipDecision {
  ShipVerdict verdict = ShipVerdict::retry;
  std::string reason;  // the `reason` label of netkeel_agent_ship_failures_total; "" when delivered
};

ShipDecision decide_after_status(int status);
ShipDecision decide_after_no_response();  // connection refused, timeout, reset

}  // namespace netkeel::agent
