#pragma once
// One entry point for every format: the files for one host, or for every host, as the `render`
// command writes them (paths "<host>/<path inside the host>").
#include <string>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/render/render_format.hpp"
#include "netkeel/render/rendered_files.hpp"

namespace netkeel::render {

// The files for one host, paths relative to that host's root (e.g. "etc/netplan/60-netkeel.yaml").
// Throws RenderError when the format cannot express the host's plan.
RenderedFiles render_host(Format format, const plan::ClusterPlan& plan, const plan::HostPlan& host);

// Every host's files, each path prefixed with "<host>/". For json, the whole plan is added as
// kJsonPlanPath at the top, beside the per-host files. For etcd, only the etcd members' files.
RenderedFiles render_all_hosts(Format format, const plan::ClusterPlan& plan);

}  // namespace netkeel::render
