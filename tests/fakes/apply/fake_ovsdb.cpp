#include "fakes/apply/fake_ovsdb.hpp"

#include <algorithm>

namespace netkeel::apply {
namespace {

void sort_ports(OvsBridge& b) {
  std::sort(b.ports.begin(), b.ports.end(), [](const OvsPort& x, const OvsPort& y) { return x.name < y.name; });
}

}  // namespace

std::optional<OvsBridge> FakeOvsdb::read_bridge(const std::string& name) {
  if (unreachable) throw OvsdbError("fake ovsdb: database connection failed");
  auto it = bridges.find(name);
  if (it == bridges.end()) return std::nullopt;
  return it->second;
}

void FakeOvsdb::apply(const OvsChange& change) {
  if (unreachable) throw OvsdbError("fake ovsdb: database connection failed");
  auto bridge = [&](const std::string& name) -> OvsBridge& {
    auto it = bridges.find(name);
    if (it == bridges.end()) throw OvsdbError("no bridge named " + name);
    return it->second;
  };
  auto refuse = [&](const OvsPort& p) {
    if (fail_on_port && *fail_on_port == p.name) throw OvsdbError("injected failure on port " + p.name);
  };
  if (auto* c = std::get_if<AddOvsBridge>(&change)) {
    if (bridges.count(c->name)) throw OvsdbError("cannot create a bridge named " + c->name + " because it already exists");
    bridges[c->name] = OvsBridge{c->name, c->datapath_type, {}};
  } else if (auto* c = std::get_if<DeleteOvsBridge>(&change)) {
    if (!bridges.erase(c->bridge.name)) throw OvsdbError("no bridge named " + c->bridge.name);
  } else if (auto* c = std::get_if<AddOvsPort>(&change)) {
    refuse(c->port);
    auto& b = bridge(c->bridge);
    if (b.find_port(c->port.name)) throw OvsdbError("cannot create a port named " + c->port.name + " because it exists");
    b.ports.push_back(c->port);
    sort_ports(b);
  } else if (auto* c = std::get_if<DeleteOvsPort>(&change)) {
    auto& b = bridge(c->bridge);
    auto n = std::erase_if(b.ports, [&](const OvsPort& p) { return p.name == c->port.name; });
    if (!n) throw OvsdbError("no port named " + c->port.name);
  } else if (auto* c = std::get_if<SetOvsPort>(&change)) {
    refuse(c->port);
    auto& b = bridge(c->bridge);
    auto it = std::find_if(b.ports.begin(), b.ports.end(), [&](const OvsPort& p) { return p.name == c->port.name; });
    if (it == b.ports.end()) throw OvsdbError("no port named " + c->port.name);
    *it = c->port;
  }
  ++transactions;
}

}  // namespace netkeel::apply
