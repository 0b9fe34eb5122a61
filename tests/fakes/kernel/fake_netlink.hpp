#pragma once
// An in-memory kernel behind the Netlink interface, for unit tests. It follows the real kernel where
// apply depends on it (errors, what a delete takes along, bond/bridge side effects); docs/kernel.md lists
// the rules and tests/kernel/netlink_conformance.hpp holds both implementations to them.
// It can inject failures (fail_next) and a kernel without some link kinds (set_supported_kinds).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {

enum class NetlinkOperation {
  read,  // any of links(), addresses(), routes(), rules(), neighbours()
  create_link,
  delete_link,
  change_link,
  add_address,
  delete_address,
  replace_route,
  delete_route,
  add_rule,
  delete_rule,
  replace_neighbour,
  delete_neighbour,
};

class FakeNetlink : public Netlink {
 public:
  // Starts like a fresh network namespace: only "lo" (index 1, admin-down, MTU 65536) and the three
  // default rules (0 lookup local, 32766 lookup main, 32767 lookup default).
  FakeNetlink();

  // --- test controls ---
  // A link netkeel never creates (a NIC, one end of a veth pair): admin-down, cable plugged in.
  // Returns its index. Throws KernelError EEXIST when the name is taken.
  int add_physical_link(const std::string& name, const MacAddress& mac, int mtu = 1500,
                        const std::string& kind = "");
  // Plug or unplug a physical link's cable: its carrier follows (when admin-up).
  void set_cable(const std::string& name, bool plugged_in);
  // The next call of `operation` fails with `error_number` (positive errno) and changes nothing.
  // Several injected failures queue up per operation, in order.
  void fail_next(NetlinkOperation operation, int error_number);
  // Link kinds create_link accepts; others fail with EOPNOTSUPP, as on a kernel built without them.
  // Default: bond, vlan, bridge, dummy, macvlan.
  void set_supported_kinds(std::set<std::string> kinds);
  // Successful mutating calls so far (a plan already in place must cost 0).
  int mutation_count() const { return mutation_count_; }
  // Whether link NAME was created with an IPv6 link-local address (LinkSpec::ipv6_link_local); the real
  // kernel shows it as `addrgenmode` in `ip -d link`. Throws KernelError ENODEV for an unknown link.
  bool ipv6_link_local(const std::string& name);

  // --- Netlink ---
  std::vector<Link> links() override;
  std::vector<Address> addresses() override;
  std::vector<Route> routes() override;
  std::vector<Rule> rules() override;
  std::vector<Neighbour> neighbours() override;

  void create_link(const LinkSpec& spec) override;
  void delete_link(const std::string& name) override;
  void change_link(const std::string& name, const LinkChange& change) override;

  void add_address(const Address& a) override;
  void delete_address(const Address& a) override;

  void replace_route(const Route& r) override;
  void delete_route(const Route& r) override;

  void add_rule(const Rule& r) override;
  void delete_rule(const Rule& r) override;

  void replace_neighbour(const Neighbour& n) override;
  void delete_neighbour(const Neighbour& n) override;

 private:
  struct FakeLink {
    Link link;
    bool physical = false;
    bool cable = true;             // physical links only
    bool mac_set_explicitly = false;  // bridges/bonds without one take a member's MAC
    bool mtu_set_by_user = false;     // bridges follow their smallest port unless set
    MacAddress permanent_mac;         // restored when released from a bond
    int mtu_before_enslaving = 0;
    bool ipv6_link_local = true;
  };

  void consume_injected_failure(NetlinkOperation operation, const std::string& what);
  FakeLink& find(const std::string& name, const std::string& what);
  FakeLink* lookup(const std::string& name);
  std::vector<FakeLink*> members_of(const std::string& master);
  void enslave(FakeLink& member, FakeLink& master);
  void release(FakeLink& member);
  void set_admin_up(FakeLink& l, bool up);
  void set_mtu(FakeLink& l, int mtu);
  void follow_ports(FakeLink& bridge);
  void update_carriers();
  void remove_link(const std::string& name);
  void rename(FakeLink& l, const std::string& new_name);
  bool is_local_address(Ipv4Address a) const;
  bool gateway_reachable(const Route& r) const;
  std::vector<Route> kernel_prefix_routes() const;
  MacAddress generated_mac(int index) const;

  std::map<int, FakeLink> links_;  // by index
  std::vector<Address> addresses_;
  std::vector<Route> routes_;
  std::vector<Rule> rules_;
  std::vector<Neighbour> neighbours_;
  std::map<NetlinkOperation, std::vector<int>> injected_failures_;
  std::set<std::string> supported_kinds_{"bond", "vlan", "bridge", "dummy", "macvlan"};
  int next_index_ = 2;
  int mutation_count_ = 0;
};

}  // namespace netkeel::kernel
