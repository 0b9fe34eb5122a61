#include "netkeel/plan/routing_tables.hpp"

#include <set>

namespace netkeel::plan {
namespace {
bool reserved_by_kernel(uint32_t id) { return id == 0 || (id >= 253 && id <= 255); }
}  // namespace

std::vector<uint32_t> routing_table_ids(const std::vector<site::Network>& networks) {
  std::set<uint32_t> taken;
  for (const auto& n : networks) {
    if (n.table) taken.insert(*n.table);
  }
  std::vector<uint32_t> ids;
  ids.reserve(networks.size());
  for (size_t i = 0; i < networks.size(); ++i) {
    if (networks[i].table) {
      ids.push_back(*networks[i].table);
      continue;
    }
    uint32_t id = kFirstDefaultTable + static_cast<uint32_t>(i);
    while (taken.count(id) || reserved_by_kernel(id)) ++id;
    taken.insert(id);
    ids.push_back(id);
  }
  return ids;
}

}  // namespace netkeel::plan
