#pragma once
// The server's own figures as Prometheus text, for GET /metrics: what ingest answered (ingest_counters.hpp),
// the connections and requests the HTTP front end refused or closed, and the batches the store refused for
// its series limits. Every reason is shown from 0, so a rate() works from the first scrape. Pure.
#include <string>

#include "netkeel/http/connection_counters.hpp"
#include "netkeel/server/ingest_counters.hpp"
#include "netkeel/store/cardinality_limits.hpp"

namespace netkeel::server {

// `cardinality` may be null (a store without series limits): its family is then left out.
std::string render_server_metrics(const IngestCounters& ingest, const http::ConnectionCounts& connections,
                                  const store::CardinalityRejections* cardinality);

}  // namespace netkeel::server
