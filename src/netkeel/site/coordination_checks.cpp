// The coordination section: where etcd runs.
#include <algorithm>

#include <fmt/format.h>

#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/site/host_networks.hpp"
#include "netkeel/site/site_checks.hpp"

namespace netkeel::site {
namespace {

// etcd's own advice: more than 7 members makes every write wait for more acknowledgements and buys
// no availability a 5- or 7-member cluster lacks.
constexpr size_t kMaxAdvisedMembers = 7;

void check_member_count(const EtcdCoordination& etcd, Diagnostics& out) {
  const size_t count = etcd.members.size();
  if (count == 0) {
    out.error(etcd.marks.of("members"), "coordination etcd lists no members",
              "list the hosts etcd runs on, e.g. members: [ctl1, ctl2, ctl3]");
    return;
  }
  if (count % 2 == 0) {
    out.warning(etcd.marks.of("members"),
                fmt::format("{} etcd members survive no more failures than {}: a quorum of {} needs {} of them, so "
                            "only {} may fail",
                            count, count - 1, count, count / 2 + 1, (count - 1) / 2),
                fmt::format("use an odd number of members ({} or {})", count - 1, count + 1));
  }
  if (count > kMaxAdvisedMembers) {
    out.warning(etcd.marks.of("members"),
                fmt::format("{} etcd members: every write waits for {} of them, and etcd advises at most {}", count,
                            count / 2 + 1, kMaxAdvisedMembers),
                "use 3, 5 or 7 members; other hosts reach etcd as clients");
  }
}

void check_members(const Site& site, const EtcdCoordination& etcd, const Network* network, Diagnostics& out) {
  for (size_t i = 0; i < etcd.members.size(); ++i) {
    const std::string& name = etcd.members[i];
    const SourceMark mark = etcd.marks.of("members." + std::to_string(i));
    const auto first = std::find(etcd.members.begin(), etcd.members.end(), name);
    if (first != etcd.members.begin() + static_cast<std::ptrdiff_t>(i)) {
      out.error(mark, fmt::format("etcd member '{}' is listed twice", name),
                "list each host once: one host runs one etcd member");
      continue;
    }
    const Host* host = site.find_host(name);
    if (!host) {
      out.error(mark, fmt::format("etcd member '{}' is not a host of this site", name),
                unknown_name_hint(name, names_of(site.hosts), "hosts"));
      continue;
    }
    if (!network) continue;
    const auto carried = networks_carried_by(site, *host);
    if (std::find(carried.begin(), carried.end(), network) == carried.end()) {
      out.error(mark,
                fmt::format("etcd member '{}' has no address on network '{}': none of its NICs carries it", name,
                            network->name),
                fmt::format("add {} to a NIC's networks on '{}', or choose another member or network", network->name,
                            name));
    }
  }
}

}  // namespace

void check_coordination(const Site& site, Diagnostics& out) {
  if (!site.coordination || !site.coordination->etcd) return;
  const EtcdCoordination& etcd = *site.coordination->etcd;
  const Network* network = nullptr;
  if (!etcd.network.empty()) {
    network = site.find_network(etcd.network);
    if (!network) {
      out.error(etcd.marks.of("network"),
                fmt::format("coordination etcd is on network '{}', which is not a network of this site", etcd.network),
                unknown_name_hint(etcd.network, names_of(site.networks), "networks"));
    }
  }
  check_member_count(etcd, out);
  check_members(site, etcd, network, out);
}

}  // namespace netkeel::site
