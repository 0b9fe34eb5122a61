#pragma once
// GET /api/v1/diagnose/host?host=HOST[&since=10m] (docs/api.md, docs/diagnose.md): one host's links, bond
// members, NIC errors and drops, TCP/IP stack counters and probes to and from every peer, over the last
// `since` against the hour before it, with a verdict. 400 names a bad parameter; 404 an unknown host (with
// the closest name the site file has) or a server without --site.
#include "netkeel/analyze/host_diagnosis.hpp"
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/query_parameters.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

// One host's facts over [start, end) against the hour before, with its verdict: what the host endpoint
// answers, and what the VM endpoint tells about a VM's host. `host` must be a host of `paths`.
analyze::HostDiagnosis host_diagnosis(store::Store& store, const analyze::SiteProbePaths& paths,
                                      const std::string& host, store::TimestampMs start_ms, store::TimestampMs end_ms,
                                      const store::QueryDeadline& deadline);

ApiResponse handle_diagnose_host(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                                 const analyze::SiteProbePaths* paths);

}  // namespace netkeel::server
