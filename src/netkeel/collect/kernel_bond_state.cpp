#include "netkeel/collect/kernel_bond_state.hpp"

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/route/rtnl.h>

#include <algorithm>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/kernel/bond_netlink_attributes.hpp"
#include "netkeel/kernel/libnl_handles.hpp"

namespace netkeel::collect {

namespace {

// The kernel's slave states and MII states (include/net/bonding.h).
constexpr uint8_t kSlaveStateActive = 0;
constexpr uint8_t kMiiLinkUp = 0;

// The partner state is a u16 on the wire (the kernel puts the u8 port state with nla_put_u16).
uint8_t port_state(nlattr* a) { return nla_len(a) >= 2 ? uint8_t(nla_get_u16(a) & 0xff) : nla_get_u8(a); }

std::string lacp_word(uint8_t actor) {
  if (actor & kLacpExpired) return "expired";
  if (actor & kLacpDefaulted) return "defaulted";
  return "current";
}

}  // namespace

void KernelBondParser::add(const nlmsghdr* message) {
  if (message->nlmsg_type != RTM_NEWLINK) return;
  auto* h = const_cast<nlmsghdr*>(message);
  if (!nlmsg_valid_hdr(h, sizeof(ifinfomsg))) throw RuntimeError("RTM_NEWLINK message shorter than its ifinfomsg header");
  const auto* info = static_cast<const ifinfomsg*>(nlmsg_data(h));
  nlattr* tb[IFLA_MAX + 1] = {};
  if (nlmsg_parse(h, sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) < 0)
    throw RuntimeError("RTM_NEWLINK message for ifindex " + std::to_string(info->ifi_index) + ": malformed attributes");
  Link link;
  link.name = tb[IFLA_IFNAME] ? nla_get_string(tb[IFLA_IFNAME]) : "if" + std::to_string(info->ifi_index);
  if (tb[IFLA_MASTER]) link.master = int(nla_get_u32(tb[IFLA_MASTER]));
  if (tb[IFLA_LINKINFO]) {
    nlattr* li[IFLA_INFO_MAX + 1] = {};
    if (nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], nullptr) < 0)
      throw RuntimeError("link " + link.name + ": malformed IFLA_LINKINFO");
    if (li[IFLA_INFO_KIND] && std::strcmp(nla_get_string(li[IFLA_INFO_KIND]), "bond") == 0) {
      link.is_bond = true;
      if (li[IFLA_INFO_DATA]) {
        nlattr* bd[IFLA_BOND_MAX + 1] = {};
        if (nla_parse_nested(bd, IFLA_BOND_MAX, li[IFLA_INFO_DATA], nullptr) < 0)
          throw RuntimeError("bond " + link.name + ": malformed IFLA_INFO_DATA");
        if (bd[IFLA_BOND_MODE]) link.mode = kernel::bond_mode_name(nla_get_u8(bd[IFLA_BOND_MODE]));
        if (bd[IFLA_BOND_ACTIVE_SLAVE]) link.active_slave = int(nla_get_u32(bd[IFLA_BOND_ACTIVE_SLAVE]));
        if (bd[IFLA_BOND_AD_INFO]) {
          nlattr* ad[IFLA_BOND_AD_INFO_MAX + 1] = {};
          if (nla_parse_nested(ad, IFLA_BOND_AD_INFO_MAX, bd[IFLA_BOND_AD_INFO], nullptr) < 0)
            throw RuntimeError("bond " + link.name + ": malformed IFLA_BOND_AD_INFO");
          if (ad[IFLA_BOND_AD_INFO_AGGREGATOR]) link.active_aggregator = nla_get_u16(ad[IFLA_BOND_AD_INFO_AGGREGATOR]);
        }
      }
    }
    if (li[IFLA_INFO_SLAVE_KIND] && std::strcmp(nla_get_string(li[IFLA_INFO_SLAVE_KIND]), "bond") == 0 &&
        li[IFLA_INFO_SLAVE_DATA]) {
      nlattr* sd[IFLA_BOND_SLAVE_MAX + 1] = {};
      if (nla_parse_nested(sd, IFLA_BOND_SLAVE_MAX, li[IFLA_INFO_SLAVE_DATA], nullptr) < 0)
        throw RuntimeError("bond member " + link.name + ": malformed IFLA_INFO_SLAVE_DATA");
      link.is_bond_member = true;
      auto& m = link.member;
      m.name = link.name;
      m.up = sd[IFLA_BOND_SLAVE_MII_STATUS] && nla_get_u8(sd[IFLA_BOND_SLAVE_MII_STATUS]) == kMiiLinkUp;
      m.active = sd[IFLA_BOND_SLAVE_STATE] && nla_get_u8(sd[IFLA_BOND_SLAVE_STATE]) == kSlaveStateActive;
      if (sd[IFLA_BOND_SLAVE_LINK_FAILURE_COUNT]) m.link_failures = nla_get_u32(sd[IFLA_BOND_SLAVE_LINK_FAILURE_COUNT]);
      if (sd[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID]) m.aggregator_id = nla_get_u16(sd[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID]);
      if (sd[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE]) m.actor_state = port_state(sd[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE]);
      if (sd[IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE])
        m.partner_state = port_state(sd[IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE]);
    }
  }
  links_[info->ifi_index] = std::move(link);
}

std::vector<BondState> KernelBondParser::bonds() const {
  std::vector<BondState> out;
  for (const auto& [index, link] : links_) {
    if (!link.is_bond) continue;
    BondState b;
    b.name = link.name;
    b.source = "kernel";
    b.mode = link.mode;
    if (auto active = links_.find(link.active_slave); link.active_slave && active != links_.end()) b.active_member = active->second.name;
    const bool lacp = link.mode == "802.3ad";
    int attached = 0;
    for (const auto& [member_index, m] : links_) {
      if (!m.is_bond_member || m.master != index) continue;
      BondMemberState s = m.member;
      if (lacp && s.actor_state) {
        s.lacp = lacp_word(*s.actor_state);
        // In the bond's active aggregator and in sync with the partner: it carries the LAG's traffic.
        s.lacp_attached = link.active_aggregator && s.aggregator_id == link.active_aggregator &&
                          (*s.actor_state & kLacpSynchronization) != 0;
        attached += s.lacp_attached ? 1 : 0;
      }
      b.members.push_back(std::move(s));
    }
    if (lacp) b.lacp_status = attached > 0 ? "negotiated" : "not negotiated";
    std::sort(b.members.begin(), b.members.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
    out.push_back(std::move(b));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
  return out;
}

namespace {

struct DumpReader {
  KernelBondParser parser;
  std::string error;  // exceptions must not cross libnl's C frames
};

int collect_message(nl_msg* msg, void* arg) {
  auto* reader = static_cast<DumpReader*>(arg);
  try {
    reader->parser.add(nlmsg_hdr(msg));
  } catch (const std::exception& e) {
    if (reader->error.empty()) reader->error = e.what();
  }
  return NL_OK;
}

}  // namespace

std::vector<BondState> read_kernel_bond_states() {
  kernel::NlSocket socket(nl_socket_alloc());
  if (!socket) throw RuntimeError("netlink: cannot allocate a socket");
  if (int err = nl_connect(socket.get(), NETLINK_ROUTE); err < 0) throw RuntimeError(std::string("netlink connect: ") + nl_geterror(err));
  DumpReader reader;
  if (int err = nl_rtgen_request(socket.get(), RTM_GETLINK, AF_UNSPEC, NLM_F_DUMP); err < 0)
    throw RuntimeError(std::string("netlink link dump: ") + nl_geterror(err));
  nl_socket_modify_cb(socket.get(), NL_CB_VALID, NL_CB_CUSTOM, collect_message, &reader);
  if (int err = nl_recvmsgs_default(socket.get()); err < 0) throw RuntimeError(std::string("netlink link dump: ") + nl_geterror(err));
  if (!reader.error.empty()) throw RuntimeError("netlink link dump: " + reader.error);
  return reader.parser.bonds();
}

}  // namespace netkeel::collect
