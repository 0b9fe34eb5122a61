#include "netkeel/collect/bond_state.hpp"

namespace netkeel::collect {

std::string lacp_port_state_words(uint8_t state) {
  static constexpr std::pair<uint8_t, const char*> kWords[] = {
      {kLacpActivity, "activity"},         {kLacpTimeout, "timeout"},       {kLacpAggregation, "aggregation"},
      {kLacpSynchronization, "synchronized"}, {kLacpCollecting, "collecting"}, {kLacpDistributing, "distributing"},
      {kLacpDefaulted, "defaulted"},       {kLacpExpired, "expired"}};
  std::string out;
  for (const auto& [bit, word] : kWords)
    if (state & bit) out += (out.empty() ? "" : " ") + std::string(word);
  return out;
}

}  // namespace netkeel::collect
