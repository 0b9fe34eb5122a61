#pragma once
// ClusterPlan -> JSON, with "schema_version" first and keys in a fixed order (documented field by
// field in docs/render.md). Every optional field is present, as null when unset, so consumers never
// guess whether a key was forgotten.
#include <string>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/render/rendered_files.hpp"

namespace netkeel::render {

inline constexpr const char* kJsonPlanPath = "netkeel-plan.json";

// The whole plan: {schema_version, site, fabric, networks, hosts, vips, bgp, coordination, findings}.
std::string render_cluster_json(const plan::ClusterPlan& plan);
// One host: {schema_version, site, host}.
std::string render_host_json(const plan::ClusterPlan& plan, const plan::HostPlan& host);

// {kJsonPlanPath: render_host_json(...)}, the per-host form the `render` command writes.
RenderedFiles render_json(const plan::ClusterPlan& plan, const plan::HostPlan& host);

}  // namespace netkeel::render
