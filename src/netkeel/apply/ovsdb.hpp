#pragma once
// The OVS host backend's door to Open vSwitch: read one bridge with the columns netkeel manages, and
// make one change as one OVSDB transaction. VsctlOvsdb (ovs-vsctl against a db socket) is the real
// one; FakeOvsdb serves unit tests.
#include <optional>
#include <stdexcept>
#include <string>

#include "netkeel/apply/ovs_state.hpp"

namespace netkeel::apply {

// OVS is missing, unreachable or refused a transaction; what() says which and how to fix it.
class OvsdbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Ovsdb {
 public:
  virtual ~Ovsdb() = default;
  // The bridge with its ports, or nullopt when there is no such bridge. Throws OvsdbError.
  virtual std::optional<OvsBridge> read_bridge(const std::string& name) = 0;
  // One transaction; throws OvsdbError when it fails (nothing of it is then applied).
  virtual void apply(const OvsChange& change) = 0;
  // Where this database is, for messages ("unix:/var/run/openvswitch/db.sock").
  virtual std::string target() const = 0;
};

}  // namespace netkeel::apply
