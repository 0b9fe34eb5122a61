#pragma once
// GET /api/v1/diagnose/vm?domain=DOMAIN[&since=10m] (docs/api.md, docs/diagnose.md): "is it the network?" for
// one VM: its interfaces' packets, drops and errors from libvirt (as its host's agent ships them), its host's
// diagnosis, each over the last `since` against the hour before, and a verdict. 400 names a bad parameter;
// 404 a domain no agent reported (with the closest name) or a server without --site.
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

ApiResponse handle_diagnose_vm(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                               const analyze::SiteProbePaths* paths);

}  // namespace netkeel::server
