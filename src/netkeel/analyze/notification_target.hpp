#pragma once
// One place alerts are delivered to (an Alertmanager, a webhook): the seam between deciding what to send
// and the HTTP that sends it.
#include <cstddef>
#include <string>
#include <vector>

#include "netkeel/analyze/outgoing_alert.hpp"

namespace netkeel::analyze {

enum class DestinationKind { alertmanager, webhook };
std::string to_string(DestinationKind kind);  // alertmanager, webhook

struct DeliveryResult {
  std::size_t requests_sent = 0;    // answered 2xx
  std::size_t requests_failed = 0;  // no answer, or any other status
  // Alerts of the failed requests that a later try may deliver (none for a 4xx: the destination refused
  // the content itself, and sending it again would be refused again).
  std::vector<OutgoingAlert> retry;
  std::string last_error;  // empty when every request succeeded
};

class NotificationTarget {
 public:
  virtual ~NotificationTarget() = default;
  virtual DestinationKind kind() const = 0;
  virtual const std::string& url() const = 0;
  // Sends on the calling thread; never throws for a destination's failure (that is in the result).
  virtual DeliveryResult deliver(const std::vector<OutgoingAlert>& alerts) = 0;
};

}  // namespace netkeel::analyze
