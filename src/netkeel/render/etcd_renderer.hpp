#pragma once
// etc/default/etcd for one etcd member host (the site file's coordination section): the ETCD_*
// variables Debian's etcd-server unit reads, so the members form one cluster on the coordination
// network with election timing fit for sub-second VIP failover (docs/render.md, "etcd").
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/render/rendered_files.hpp"

namespace netkeel::render {

inline constexpr const char* kEtcdDefaultsPath = "etc/default/etcd";
// etcd timing, in milliseconds: a heartbeat every 30 ms and an election after 300 ms of silence.
inline constexpr int kEtcdHeartbeatIntervalMs = 30;
inline constexpr int kEtcdElectionTimeoutMs = 300;

// The members' data live in their own directory: the one Debian's package set up holds the
// single-member cluster it started at install, whose data would win over the initial-cluster settings.
std::string etcd_data_dir(const plan::ClusterPlan& plan);
// The cluster token: two sites' members never join each other by mistake.
std::string etcd_cluster_token(const plan::ClusterPlan& plan);

// {kEtcdDefaultsPath: ...} for HOST. Throws RenderError when the plan has no coordination section or
// HOST is not one of its etcd members (the message lists the members).
RenderedFiles render_etcd(const plan::ClusterPlan& plan, const plan::HostPlan& host);

}  // namespace netkeel::render
