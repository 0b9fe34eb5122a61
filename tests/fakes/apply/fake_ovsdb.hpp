#pragma once
// An in-memory OVSDB for unit tests: bridges and ports held as OvsBridge values, changed the way
// ovs-vsctl would change them (adding an existing port or a port to a missing bridge fails), with
// failure injection for rollback tests.
#include <map>
#include <optional>
#include <string>

#include "netkeel/apply/ovsdb.hpp"

namespace netkeel::apply {

class FakeOvsdb : public Ovsdb {
 public:
  std::optional<OvsBridge> read_bridge(const std::string& name) override;
  void apply(const OvsChange& change) override;
  std::string target() const override { return "fake"; }

  std::map<std::string, OvsBridge> bridges;
  int transactions = 0;
  std::optional<std::string> fail_on_port;  // refuse any change that adds or sets this port
  bool unreachable = false;                 // every call throws, like a dead ovsdb-server
};

}  // namespace netkeel::apply
