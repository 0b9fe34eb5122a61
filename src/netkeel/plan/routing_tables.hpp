#pragma once
// One routing table per network (docs/planning.md, "Routing"): network.table when given, else
// 100 + the network's position in the site file (0-based). A default id that another network took
// explicitly, or that the kernel reserves (0, 253 default, 254 main, 255 local), moves to the next
// free id. Ids come out unique; positions match site.networks.
#include <cstdint>
#include <vector>

#include "netkeel/site/site.hpp"

namespace netkeel::plan {

inline constexpr uint32_t kFirstDefaultTable = 100;
inline constexpr uint32_t kMainTable = 254;

std::vector<uint32_t> routing_table_ids(const std::vector<site::Network>& networks);

}  // namespace netkeel::plan
