#pragma once
// One run of a service's health check (tcp, http or exec from the site file's `check:`). A probe only
// runs the check; counting results into healthy/failed (fall, rise) is HealthState's job.
#include <string>

#include "netkeel/core/clock.hpp"

namespace netkeel::ha {

struct ProbeOutcome {
  bool passed = false;
  std::string detail;  // why it failed ("connect to 127.0.0.1:3306: Connection refused"), or what passed
};

class HealthProbe {
 public:
  virtual ~HealthProbe() = default;
  // Runs the check once, returning within about TIMEOUT; never throws for what the service does.
  virtual ProbeOutcome run(Nanoseconds timeout) = 0;
  virtual std::string describe() const = 0;  // "tcp 127.0.0.1:3306", "http http://127.0.0.1:5000/v3"
};

}  // namespace netkeel::ha
