#pragma once
// The real kernel through libnl-3 / libnl-route-3, in the network namespace the process was in when this
// object was constructed (a netlink socket stays bound to the namespace it was opened in). Enter the
// target namespace first (network_namespace.hpp), then construct.
#include <string>
#include <vector>

#include "netkeel/kernel/libnl_handles.hpp"
#include "netkeel/kernel/netlink.hpp"

struct rtnl_link;

namespace netkeel::kernel {

class LibnlNetlink : public Netlink {
 public:
  LibnlNetlink();  // throws KernelError when no NETLINK_ROUTE socket can be opened
  ~LibnlNetlink() override;
  LibnlNetlink(const LibnlNetlink&) = delete;
  LibnlNetlink& operator=(const LibnlNetlink&) = delete;

  std::vector<Link> links() override;
  std::vector<Address> addresses() override;
  std::vector<Route> routes() override;
  std::vector<Rule> rules() override;
  std::vector<Neighbour> neighbours() override;

  void create_link(const LinkSpec& spec) override;
  void delete_link(const std::string& name) override;
  // Sent as separate requests in this order: take down, rename, MTU, MAC, master, bring up; so a member
  // can be taken down and enslaved to a bond in one call. A failure stops at the failing step.
  void change_link(const std::string& name, const LinkChange& change) override;

  void add_address(const Address& a) override;
  void delete_address(const Address& a) override;

  void replace_route(const Route& r) override;
  void delete_route(const Route& r) override;

  void add_rule(const Rule& r) override;
  void delete_rule(const Rule& r) override;

  void replace_neighbour(const Neighbour& n) override;
  void delete_neighbour(const Neighbour& n) override;

  // The kernel's reply to the last failed request: errno and its extended-ack text ("" when none).
  struct KernelReply {
    int error_number = 0;
    std::string message;
  };

 private:
  NlCache link_cache();
  int index_of(const std::string& name, const std::string& what);
  void send(nl_msg* msg, const std::string& what);  // takes ownership of msg
  void check(int libnl_result, const std::string& what);
  void change_one(int index, rtnl_link* changes, const std::string& what);

  NlSocket socket_;
  KernelReply last_reply_;
};

}  // namespace netkeel::kernel
