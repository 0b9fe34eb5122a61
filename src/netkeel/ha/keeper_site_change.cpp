#include "netkeel/ha/keeper_site_change.hpp"

#include <map>
#include <optional>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/ha/make_health_probe.hpp"
#include "netkeel/ha/vip_candidates.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"

namespace netkeel::ha {

namespace {

// The services whose VIP HOST may hold in one version, with what holding it takes. Throws UsageError
// when HOST may hold a VIP it cannot carry (vip_holder_spec).
std::map<std::string, VipHolderSpec> kept_vips(const KeeperSiteInputs& in, const std::string& host) {
  std::map<std::string, VipHolderSpec> kept;
  const plan::HostPlan* host_plan = in.plan.find_host(host);
  if (!host_plan) return kept;
  for (const plan::VipPlan& vip : in.plan.vips) {
    const site::Service* service = in.site.find_service(vip.service);
    if (!service || !vip_rank(*service, in.plan, host)) continue;
    kept.emplace(vip.service, vip_holder_spec(vip, *host_plan));
  }
  return kept;
}

bool same_vip(const VipHolderSpec& a, const VipHolderSpec& b) {
  return a.address == b.address && a.prefix_length == b.prefix_length && a.mac == b.mac && a.parent == b.parent;
}

std::vector<std::string> etcd_urls(const plan::ClusterPlan& plan) {
  std::vector<std::string> urls;
  if (plan.coordination)
    for (const auto& member : plan.coordination->etcd_members) urls.push_back(member.client_url);
  return urls;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

std::vector<std::string> check_inputs(const site::Site& site, const site::Service& service, const std::string& host) {
  std::vector<std::string> lines;
  for (const auto& check : service.checks) {
    std::string line = fmt::format("{} every {} ms, timeout {} ms, fall {}, rise {}, hold-down {} ms", describe(check),
                                   check.interval.count(), check.timeout.count(), check.fall, check.rise,
                                   check.hold_down.count());
    using Kind = site::HealthCheck::Kind;
    if (check.kind == Kind::tcp) line += fmt::format(", port {}", check.tcp_port);
    if (check.kind == Kind::http) line += fmt::format(", port {}", service.ports.empty() ? 0 : service.ports.front());
    if (check.kind == Kind::link) line += ", nics " + joined(link_check_nics(site, host, service.network));
    if (check.kind == Kind::mesh) line += ", peers " + joined(mesh_check_peers(site, host, service.network));
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string KeeperSiteChange::summary() const {
  std::vector<std::string> parts;
  if (host_removed) parts.push_back("this host is no longer in the site");
  if (!added.empty()) parts.push_back("keeping " + joined(added));
  if (!removed.empty()) parts.push_back("releasing " + joined(removed));
  if (!replaced.empty()) parts.push_back("VIP changed: " + joined(replaced));
  if (!checks_changed.empty()) parts.push_back("checks changed: " + joined(checks_changed));
  if (parts.empty()) return "no VIP of this host changes";
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

KeeperSiteChange keeper_site_change(const KeeperSiteInputs& running, const KeeperSiteInputs& next,
                                    const std::string& host, site::Backend backend, bool backend_forced) {
  KeeperSiteChange change;
  if (next.plan.site != running.plan.site) {
    change.refusal = fmt::format("the site's name changed from '{}' to '{}', and with it every VIP key: restart the keeper "
                                 "(systemctl restart netkeel-keeper) to run on the new site",
                                 running.plan.site, next.plan.site);
    return change;
  }
  const site::Host* next_host = next.site.find_host(host);
  change.host_removed = next_host == nullptr;
  if (next_host && !backend_forced && next_host->backend != backend) {
    change.refusal = fmt::format("host {}'s backend changed from {} to {}: its VIP devices are built for one backend; "
                                 "restart the keeper to use the new one",
                                 host, site::to_string(backend), site::to_string(next_host->backend));
    return change;
  }
  std::map<std::string, VipHolderSpec> before, after;
  before = kept_vips(running, host);
  try {
    after = kept_vips(next, host);
  } catch (const UsageError& e) {
    change.refusal = e.what();
    return change;
  }
  for (const auto& [service, spec] : before) {
    const auto now = after.find(service);
    if (now == after.end()) {
      change.removed.push_back(service);
    } else if (!same_vip(spec, now->second)) {
      change.replaced.push_back(service);
    } else if (check_inputs(running.site, *running.site.find_service(service), host) !=
               check_inputs(next.site, *next.site.find_service(service), host)) {
      change.checks_changed.push_back(service);
    }
  }
  for (const auto& [service, spec] : after)
    if (!before.count(service)) change.added.push_back(service);
  change.coordination_changed = etcd_urls(running.plan) != etcd_urls(next.plan);
  return change;
}

}  // namespace netkeel::ha
