#include "netkeel/agent/shipping.hpp"

#include "netkeel/agent/batch_builder.hpp"
#include "netkeel/agent/prometheus_text.hpp"
#include "netkeel/agent/token_file.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

constexpr std::size_t kQueueCapacity = 64;  // report intervals the shipper thread may fall behind by

}  // namespace

void check_server_url(const std::string& url, const std::string& flag) {
  const bool scheme = url.starts_with("http://") || url.starts_with("https://");
  const std::size_t host_start = url.find("//") + 2;
  if (!scheme || url.size() <= host_start || url[host_start] == '/' || url[host_start] == ':') {
    throw UsageError(flag + " '" + url + "': expected http://HOST:PORT or https://HOST:PORT, e.g. http://10.10.0.1:9948");
  }
}

void check_shipping_options(const ShippingOptions& options) {
  check_server_url(options.server_url);
  if (options.token_file.empty()) {
    throw UsageError("--server needs --token-file FILE (the site's token on its first line, the same as the server's)");
  }
  read_token_file(options.token_file);
  http::check_tls_client_files(options.tls, options.server_url);
}

Shipping::Shipping(const ShippingOptions& options, const Clock& clock) : clock_(clock), queue_(kQueueCapacity) {
  check_shipping_options(options);  // a bad URL or token file is a usage error now, not a log line later
  const std::string token_file = options.token_file;
  ShipperOptions shipper_options;
  shipper_options.server_url = options.server_url;
  shipper_options.read_token = [token_file] { return read_token_file(token_file); };
  shipper_options.random = seeded_unit_random(options.backoff_seed);

  client_ = std::make_unique<http::CurlHttpClient>(options.tls);
  spool_ = std::make_unique<Spool>(
      SpoolOptions{options.spool_dir, options.spool_max_bytes, options.corrupt_max_files, options.corrupt_max_bytes}, log_to_stderr);
  sequence_ = std::make_unique<SequenceFile>(options.spool_dir, spool_->highest_sequence(),
                                             unix_milliseconds(clock_.wall_now()), log_to_stderr);
  shipper_ = std::make_unique<Shipper>(std::move(shipper_options), *spool_, *sequence_, *client_, clock_, log_to_stderr);
  thread_ = std::make_unique<ShipperThread>(*shipper_, queue_, clock_, log_to_stderr);
}

Shipping::~Shipping() { thread_.reset(); }

void Shipping::ship(const AgentSnapshot& snapshot) {
  const TimeAnchor anchor{clock_.now(), unix_milliseconds(clock_.wall_now())};
  store::Batch batch;
  try {
    batch = build_batch(snapshot, anchor);
  } catch (const std::exception& error) {  // a name the store would refuse: say so, keep probing
    log_to_stderr(std::string("cannot build this interval's batch: ") + error.what());
    return;
  }
  if (!queue_.try_push(std::move(batch))) {
    shipper_->count_queue_drop();
    log_to_stderr("the shipper thread is behind (disk too slow?); this interval's batch is dropped");
  }
}

ShippingCounters Shipping::counters() const { return shipper_->counters(); }

std::string Shipping::metrics_text() const { return render_prometheus_text(shipping_families(counters())); }

}  // namespace netkeel::agent
