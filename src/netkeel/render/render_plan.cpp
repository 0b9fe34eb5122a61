#include "netkeel/render/render_plan.hpp"

#include "netkeel/render/etcd_renderer.hpp"
#include "netkeel/render/iproute2_renderer.hpp"
#include "netkeel/render/json_renderer.hpp"
#include "netkeel/render/netplan_renderer.hpp"
#include "netkeel/render/networkd_renderer.hpp"

namespace netkeel::render {

RenderedFiles render_host(Format format, const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  switch (format) {
    case Format::netplan: return render_netplan(plan, host);
    case Format::networkd: return render_networkd(plan, host);
    case Format::iproute2: return render_iproute2(plan, host);
    case Format::json: return render_json(plan, host);
    case Format::etcd: return render_etcd(plan, host);
  }
  return {};
}

RenderedFiles render_all_hosts(Format format, const plan::ClusterPlan& plan) {
  RenderedFiles all;
  for (const auto& host : plan.hosts) {
    // Only etcd members run etcd (with no coordination section, render_etcd explains what is missing).
    if (format == Format::etcd && plan.coordination && !plan.coordination->find_member(host.name)) continue;
    for (auto& [path, content] : render_host(format, plan, host)) all.emplace(host.name + "/" + path, std::move(content));
  }
  if (format == Format::json) all.emplace(kJsonPlanPath, render_cluster_json(plan));
  return all;
}

}  // namespace netkeel::render
