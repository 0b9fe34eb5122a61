#include "netkeel/server/server_metrics.hpp"

#include <cstdint>
#include <string_view>
#include <utility>

namespace netkeel::server {
namespace {

void family(std::string& out, std::string_view name, std::string_view help, std::string_view label,
            std::initializer_list<std::pair<std::string_view, std::uint64_t>> values) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" counter\n");
  for (const auto& [value_label, value] : values) {
    out.append(name).append("{").append(label).append("=\"").append(value_label).append("\"} ");
    out.append(std::to_string(value)).append("\n");
  }
}

}  // namespace

std::string render_server_metrics(const IngestCounters& ingest, const http::ConnectionCounts& connections,
                                  const store::CardinalityRejections* cardinality) {
  std::string out = render_ingest_counters(ingest);
  family(out, "netkeel_server_connections_refused_total",
         "Connections and requests the HTTP front end refused or closed, by reason (docs/server.md, Connections).",
         "reason",
         {{"max_connections", connections.refused_over_max_connections},
          {"address_limit", connections.refused_over_address_limit},
          {"request_read_timeout", connections.closed_request_read_timeout},
          {"before_body", connections.refused_before_body},
          {"body_over_limit", connections.refused_body_over_limit},
          {"busy", connections.refused_busy},
          {"client_certificate", connections.refused_client_certificate}});
  if (cardinality != nullptr) {
    family(out, "netkeel_server_series_limit_rejected_total",
           "Batches the store refused because they would pass a series limit (docs/server.md, Limits).", "limit",
           {{"new_series_per_batch", cardinality->new_series_per_batch.load()},
            {"series_per_host", cardinality->series_per_host.load()}});
  }
  return out;
}

}  // namespace netkeel::server
