#pragma once
// The local health of the service a VIP fronts, as VIP ownership sees it: one yes/no, already smoothed
// (fall/rise) by whoever runs the checks. The keeper asks on every loop (about every renew interval), so
// answering must be cheap and must not block: report the latest result, never run a check inline.
namespace netkeel::ha {

class ServiceHealth {
 public:
  virtual ~ServiceHealth() = default;
  virtual bool healthy() = 0;
};

}  // namespace netkeel::ha
