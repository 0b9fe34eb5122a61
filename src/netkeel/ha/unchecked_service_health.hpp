#pragma once
// A service without a `check:` is judged by its host alone: as long as the keeper runs, it is healthy.
#include "netkeel/ha/service_health.hpp"

namespace netkeel::ha {

class UncheckedServiceHealth final : public ServiceHealth {
 public:
  bool healthy() override { return true; }
};

}  // namespace netkeel::ha
