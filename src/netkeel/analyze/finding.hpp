#pragma once
// What a rule says at one evaluation: an alert that should fire, or one that may go on firing if it
// already does (its clear condition does not hold yet). An alert no rule mentions clears. Findings about
// pairs can be folded into a finding that explains them (one incident, one alert).
#include <functional>
#include <string>
#include <vector>

#include "netkeel/analyze/alert.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::analyze {

struct PairRef {
  std::string network;
  std::string src;
  std::string dst;
};

struct Finding {
  Alert alert;        // since = the first bad sample; state firing
  bool fire = true;   // false: only holds an alert that already fires
  // The pairs this finding is about; a finding whose pairs another finding explains is folded into it.
  std::vector<PairRef> pairs;
  // Set for findings that explain pairs: host down, switch down, partition, loss to one target.
  std::function<bool(const PairRef&)> explains;
  int level = 0;  // a finding is folded only into one of a higher level
};

using Findings = std::vector<Finding>;

}  // namespace netkeel::analyze
