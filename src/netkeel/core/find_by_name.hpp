#pragma once
// Look up an element of a vector by its `name` member (switches, networks, hosts, links, ...).
#include <algorithm>
#include <string>
#include <vector>

namespace netkeel {

template <class T>
const T* find_by_name(const std::vector<T>& items, const std::string& name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace netkeel
