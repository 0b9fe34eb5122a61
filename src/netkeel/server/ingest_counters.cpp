#include "netkeel/server/ingest_counters.hpp"

namespace netkeel::server {

std::string_view to_string(IngestRejection reason) {
  switch (reason) {
    case IngestRejection::unauthorized: return "unauthorized";
    case IngestRejection::forbidden: return "forbidden";
    case IngestRejection::too_large: return "too_large";
    case IngestRejection::unsupported: return "unsupported";
    case IngestRejection::bad_encoding: return "bad_encoding";
    case IngestRejection::malformed: return "malformed";
    case IngestRejection::too_deep: return "too_deep";
    case IngestRejection::too_long: return "too_long";
    case IngestRejection::timestamp_out_of_window: return "timestamp_out_of_window";
    case IngestRejection::store_refused: return "store_refused";
    case IngestRejection::store_failure: return "store_failure";
  }
  return "unknown";
}

std::string render_ingest_counters(const IngestCounters& counters) {
  std::string out;
  const auto line = [&out](std::string_view text) {
    out += text;
    out += '\n';
  };
  const auto sample = [&out](std::string_view name_and_labels, std::uint64_t value) {
    out += name_and_labels;
    out += ' ';
    out += std::to_string(value);
    out += '\n';
  };
  line("# HELP netkeel_server_ingest_rejected_total Batches POST /api/v1/batches refused, by reason "
       "(docs/api.md, Ingest).");
  line("# TYPE netkeel_server_ingest_rejected_total counter");
  for (std::size_t i = 0; i < kIngestRejectionCount; ++i) {
    const auto reason = static_cast<IngestRejection>(i);
    sample("netkeel_server_ingest_rejected_total{reason=\"" + std::string(to_string(reason)) + "\"}",
           counters.rejected_total(reason));
  }
  line("# HELP netkeel_server_ingest_accepted_total Batches answered 200: stored, or a duplicate of a stored "
       "batch.");
  line("# TYPE netkeel_server_ingest_accepted_total counter");
  sample("netkeel_server_ingest_accepted_total{outcome=\"stored\"}", counters.stored_batches.load());
  sample("netkeel_server_ingest_accepted_total{outcome=\"duplicate\"}", counters.duplicate_batches.load());
  line("# HELP netkeel_server_ingest_stored_samples_total Samples of the stored batches (a duplicate adds none).");
  line("# TYPE netkeel_server_ingest_stored_samples_total counter");
  sample("netkeel_server_ingest_stored_samples_total", counters.stored_samples.load());
  return out;
}

}  // namespace netkeel::server
