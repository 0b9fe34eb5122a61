#include "netkeel/render/iproute2_renderer.hpp"

#include <fmt/format.h>

#include "netkeel/render/render_error.hpp"
#include "netkeel/render/text_format.hpp"

namespace netkeel::render {
namespace {

using plan::LinkKind;
using plan::LinkPlan;

// Shell functions the steps below call. Kept in the script so an operator can read and rerun it alone.
constexpr const char* kHelpers = R"SH(
fail() { echo "netkeel: $*" >&2; exit 1; }
link_exists() { ip link show dev "$1" >/dev/null 2>&1; }

# Give the NIC whose permanent MAC is $2 the name $1. A bond member shows its own MAC as permaddr.
adopt_nic() {
  current=$(ip -o -d link | awk -v mac="$2" '
    / bond mode | vlan protocol / { next }
    index($0, " permaddr " mac) || (index($0, " link/ether " mac " ") && !index($0, " permaddr ")) {
      name = $2; sub(/:$/, "", name); sub(/@.*/, "", name); print name; exit
    }')
  [ -n "$current" ] || fail "no NIC has MAC $2 (planned as $1); check the cabling and the site file"
  [ "$current" = "$1" ] && return 0
  ! link_exists "$1" || fail "cannot rename $current to $1: another interface already has that name"
  ip link set dev "$current" down
  ip link set dev "$current" name "$1"
}

bond_option() { cut -d' ' -f1 "/sys/class/net/$1/bonding/$2"; }

# Create bond $1 in mode $2; the kernel changes an existing bond's mode only while it is down and empty.
ensure_bond() {
  if ! link_exists "$1"; then
    ip link add "$1" type bond mode "$2"
  elif [ "$(bond_option "$1" mode)" != "$2" ]; then
    ip link set dev "$1" down
    for member in $(cat "/sys/class/net/$1/bonding/slaves"); do ip link set dev "$member" nomaster; done
    ip link set dev "$1" type bond mode "$2"
  fi
}

# Set bond option $2 to $3 unless it has that value (some options refuse changes while the bond is up).
set_bond_option() {
  if [ "$(bond_option "$1" "$2")" != "$3" ]; then
    ip link set dev "$1" down
    ip link set dev "$1" type bond "$2" "$3"
  fi
}

# The kernel enslaves a link only while it is down.
enslave() {
  if ! ip -o link show dev "$1" | grep -q " master $2 "; then
    ip link set dev "$1" down
    ip link set dev "$1" master "$2"
  fi
}

# VLAN $1 on $2 with id $3; a VLAN's parent and id cannot change in place, so a wrong one is replaced.
ensure_vlan() {
  if link_exists "$1" && ! ip -d -o link show dev "$1" | grep -q "@$2: .* vlan protocol 802.1Q id $3 "; then
    ip link del dev "$1"
  fi
  link_exists "$1" || ip link add link "$2" name "$1" type vlan id "$3"
}

# Add a policy rule unless the same rule is already there (ip rule has no replace).
ensure_rule() {
  [ -n "$(ip rule list priority "$1" from "$2" table "$3")" ] || ip rule add priority "$1" from "$2" table "$3"
}
)SH";

// net.ipv4.conf.<if>.x and net.ipv4.neigh.<if>.x need their interface to exist; the rest are global.
bool is_per_link(const std::string& key) {
  for (const char* prefix : {"net.ipv4.conf.", "net.ipv4.neigh.", "net.ipv6.conf.", "net.ipv6.neigh."}) {
    if (key.rfind(prefix, 0) != 0) continue;
    auto rest = std::string_view(key).substr(std::string_view(prefix).size());
    return rest.rfind("all.", 0) != 0 && rest.rfind("default.", 0) != 0;
  }
  return false;
}

class ScriptWriter {
 public:
  ScriptWriter(const plan::ClusterPlan& plan, const plan::HostPlan& host) : plan_(plan), host_(host) {}

  std::string render() {
    out_.reserve(4096 + host_.neighbours.size() * 80);
    out_ += "#!/bin/sh\n";
    out_ += written_by_header("#", plan_, host_);
    out_ +=
        "# Takes a bare host to netkeel's plan with iproute2; every step checks or replaces, so running it\n"
        "# again changes nothing. Needs root, iproute2 and sysctl (procps).\n";
    if (!host_.bond_reason.empty()) append(out_, "# {}\n", host_.bond_reason);
    out_ += "set -eu\n";
    out_ += kHelpers;
    out_ += "\n[ \"$(id -u)\" = 0 ] || fail \"run as root\"\n";
    sysctls("Global sysctls first, so links created below inherit the defaults", false);
    nics();
    bonds();
    vlans();
    mtu_and_mac();
    sysctls("Per-link sysctls, before the links come up", true);
    up();
    addresses();
    routes();
    rules();
    neighbours();
    out_ += "\necho \"netkeel: host " + host_.name + " matches the plan\"\n";
    return std::move(out_);
  }

 private:
  void step(const char* title) { append(out_, "\n# {}\n", title); }

  void sysctls(const char* title, bool per_link) {
    bool any = false;
    for (const auto& s : host_.sysctls) {
      if (is_per_link(s.key) != per_link) continue;
      if (!any) step(title);
      any = true;
      append(out_, "sysctl -q -w {}   # {}\n", shell_word(s.key + "=" + s.value), s.reason);
    }
  }

  void nics() {
    step("Physical NICs: found by MAC and renamed when the plan says so, else by name");
    for (const auto& l : host_.links) {
      if (l.kind != LinkKind::physical) continue;
      if (l.match_mac) append(out_, "adopt_nic {} {}\n", shell_word(l.name), l.match_mac->str());
      else append(out_, "link_exists {0} || fail \"no interface {0}\"\n", shell_word(l.name));
    }
  }

  void bonds() {
    for (const auto& l : host_.links) {
      if (l.kind != LinkKind::bond) continue;
      append(out_, "\n# Bond {}: mode and options first, then members (an 802.3ad option needs the mode set)\n", l.name);
      const plan::BondSettings s = l.bond.value_or(plan::BondSettings{});
      const std::string name = shell_word(l.name);
      append(out_, "ensure_bond {} {}\n", name, plan::to_string(s.mode));
      append(out_, "set_bond_option {} miimon {}\n", name, s.miimon_ms);
      if (s.mode == plan::BondMode::lacp) append(out_, "set_bond_option {} lacp_rate {}\n", name, s.lacp_rate);
      if (s.mode != plan::BondMode::active_backup) {
        append(out_, "set_bond_option {} xmit_hash_policy {}\n", name, s.xmit_hash_policy);
      }
      for (const auto& m : l.members) append(out_, "enslave {} {}\n", shell_word(m), name);
      // The primary must already be a member.
      if (s.mode == plan::BondMode::active_backup && !s.primary.empty()) {
        append(out_, "set_bond_option {} primary {}\n", name, shell_word(s.primary));
      }
    }
  }

  void vlans() {
    bool any = false;
    for (const auto& l : host_.links) {
      if (l.kind != LinkKind::vlan) continue;
      if (!any) step("VLANs");
      any = true;
      append(out_, "ensure_vlan {} {} {}\n", shell_word(l.name), shell_word(l.parent), l.vlan_id);
    }
  }

  void mtu_and_mac() {
    step("MTU and MAC, parents before the links stacked on them (a VLAN's MTU cannot exceed its parent's)");
    for (const auto& l : host_.links) {
      // A bond gives its members its own MTU.
      if (!l.master.empty()) continue;
      append(out_, "ip link set dev {} mtu {}", shell_word(l.name), l.mtu);
      if (l.kind != LinkKind::physical && l.mac) append(out_, " address {}", l.mac->str());
      out_ += '\n';
    }
  }

  void up() {
    step("Up, members first");
    for (const auto& l : host_.links) append(out_, "ip link set dev {} up\n", shell_word(l.name));
  }

  void addresses() {
    if (host_.addresses.empty()) return;
    step("Addresses");
    for (const auto& a : host_.addresses) {
      append(out_, "ip addr replace {}/{} dev {}\n", a.address.str(), a.prefix_length, shell_word(a.interface));
    }
  }

  void routes() {
    if (host_.routes.empty()) return;
    step("Routes (one table per network)");
    for (const auto& r : host_.routes) {
      append(out_, "ip route replace {}", destination_text(r.destination));
      if (r.gateway) append(out_, " via {}", r.gateway->str());
      append(out_, " dev {}", shell_word(r.interface));
      if (r.table != kMainTable) append(out_, " table {}", r.table);
      append(out_, " proto {}", plan::kRouteProtocol);
      if (!r.gateway) out_ += " scope link";
      if (r.source) append(out_, " src {}", r.source->str());
      out_ += '\n';
    }
  }

  void rules() {
    if (host_.rules.empty()) return;
    step("Source rules: a reply leaves through the interface its source address belongs to");
    for (const auto& r : host_.rules) append(out_, "ensure_rule {} {} {}\n", r.priority, r.from.str(), r.table);
  }

  void neighbours() {
    if (host_.neighbours.empty()) return;
    step("Static neighbours, in one batch (a large site has thousands)");
    out_ += "ip -batch - <<'NEIGHBOURS'\n";
    for (const auto& n : host_.neighbours) {
      append(out_, "neigh replace {} lladdr {} dev {} nud permanent\n", n.address.str(), n.mac.str(), n.interface);
    }
    out_ += "NEIGHBOURS\n";
  }

  const plan::ClusterPlan& plan_;
  const plan::HostPlan& host_;
  std::string out_;
};

}  // namespace

RenderedFiles render_iproute2(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  if (host.backend == site::Backend::ovs) {
    throw RenderError("host " + host.name +
                      " uses the ovs backend; the iproute2 script builds kernel bonds only. Render it with "
                      "--format json or set `backend: kernel` for this host");
  }
  RenderedFiles files;
  files.emplace(kIproute2ScriptPath, ScriptWriter(plan, host).render());
  return files;
}

}  // namespace netkeel::render
