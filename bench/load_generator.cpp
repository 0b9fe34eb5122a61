// netkeel_loadgen: N agents' batches against a running `netkeel server`, without N hosts
// (docs/performance.md, "Load generator"). Each simulated host ships one batch per report interval, the
// hosts staggered evenly over it as real agents started at different times are; the batches come from
// agent::SimulatedAgents (the agent's own batch builder) and travel as the agent's shipper sends them
// (gzip-compressed JSON, POST /api/v1/batches, the site token as bearer). A batch the server refuses is
// counted, not retried: a load test wants to see refusals, not hide them.
//
//   netkeel_loadgen --hosts 300 --networks 4 --server http://127.0.0.1:9948 --token-file token --duration 10m --interval 1s
//
// Exit codes: 0 every batch stored, 1 some refused or unanswered, 2 bad flags.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "netkeel/agent/bounded_queue.hpp"
#include "netkeel/agent/shipping.hpp"
#include "netkeel/agent/simulated_agents.hpp"
#include "netkeel/agent/token_file.hpp"
#include "netkeel/core/duration.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_post.hpp"
#include "netkeel/store/batch_wire.hpp"

namespace {

using namespace netkeel;
using Clock = std::chrono::steady_clock;

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::int64_t wall_ms_now() { return unix_milliseconds(std::chrono::system_clock::now()); }

struct Outgoing {
  std::string body;  // gzip of the wire JSON
  std::size_t samples = 0;
};

struct Totals {
  std::mutex mutex;
  std::uint64_t stored = 0;
  std::uint64_t unanswered = 0;  // no HTTP answer (connection refused, timeout)
  std::map<int, std::uint64_t> refused;  // by status
  std::string first_problem;
  std::uint64_t samples_stored = 0;
  std::uint64_t body_bytes = 0;
};

void send_batches(agent::BoundedQueue<Outgoing>& queue, const std::string& url, const std::string& token, Totals& totals) {
  http::CurlHttpClient client;
  while (true) {
    auto next = queue.pop_for(std::chrono::milliseconds(200));
    if (!next) {
      if (queue.closed()) return;
      continue;
    }
    const std::size_t bytes = next->body.size();
    http::Response response;
    std::string problem;
    try {
      response = client.send(store::batch_post_request(url, token, std::move(next->body), std::chrono::seconds(30)));
    } catch (const std::exception& error) {
      problem = error.what();
    }
    std::lock_guard lock(totals.mutex);
    totals.body_bytes += bytes;
    if (!problem.empty()) {
      ++totals.unanswered;
    } else if (response.status == 200) {
      ++totals.stored;
      totals.samples_stored += next->samples;
    } else {
      ++totals.refused[response.status];
      problem = fmt::format("HTTP {}: {}", response.status, response.body.substr(0, 300));
    }
    if (!problem.empty() && totals.first_problem.empty()) totals.first_problem = problem;
  }
}

std::int64_t duration_flag(const std::string& flag, const std::string& text) {
  const auto ms = parse_duration_ms(text);
  if (!ms || *ms <= 0) throw UsageError(flag + " '" + text + "': expected a positive duration such as 250ms, 10s, 5m or 1h");
  return *ms;
}

int run(int argc, char** argv) {
  CLI::App app{"Stands in for N netkeel agents: ships the batches they would ship to a running netkeel server"};
  agent::SimulatedAgentsOptions options;
  std::string server, token_file, duration = "10m", interval = "1s", report_interval = "10s";
  int senders = 4;
  std::size_t queue_batches = 0;
  app.add_option("--hosts", options.hosts, "Simulated hosts (agents), each probing every other one (default 50)");
  app.add_option("--networks", options.networks, "Networks every host is on and probes over (default 4)");
  app.add_option("--server", server, "The server's URL, e.g. http://127.0.0.1:9948")->required();
  app.add_option("--token-file", token_file, "File whose first line is the site token (the server's --token-file)")->required();
  app.add_option("--duration", duration, "How long to send, e.g. 3m (default 10m)");
  app.add_option("--interval", interval, "The agents' probe interval per target (default 1s)");
  app.add_option("--report-interval", report_interval, "How often each agent ships a batch (default 10s, the agent's default)");
  app.add_option("--pmtu-every", options.pmtu_every, "Path-MTU probes once every this many probe intervals (default 10)");
  app.add_option("--loss-ratio", options.loss_ratio, "Chance that a probe is lost (default 0.001)");
  app.add_option("--link-event-ratio", options.link_event_ratio,
                 "Chance per host and report interval that eno2 goes down and up again (default 1/360)");
  app.add_option("--seed", options.seed, "Seed of every generated value: the same seed gives the same batches (default 1)");
  app.add_option("--senders", senders, "Concurrent HTTP connections to the server (default 4)")->check(CLI::Range(1, 64));
  app.add_option("--queue", queue_batches,
                 "Batches that may wait for a sender before the generator counts one as dropped (default: one report interval's)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  const std::int64_t duration_ms = duration_flag("--duration", duration);
  options.probe_interval = std::chrono::milliseconds(duration_flag("--interval", interval));
  options.report_interval = std::chrono::milliseconds(duration_flag("--report-interval", report_interval));
  agent::check_simulated_agents_options(options);  // the site's shape first: it is what the flags mostly say
  agent::check_server_url(server);
  const std::string token = agent::read_token_file(token_file);
  agent::SimulatedAgents agents(options);
  const std::string url = store::batches_url(server);

  agent::BoundedQueue<Outgoing> queue(queue_batches ? queue_batches : static_cast<std::size_t>(options.hosts));
  Totals totals;
  std::vector<std::thread> threads;
  for (int i = 0; i < senders; ++i) threads.emplace_back([&] { send_batches(queue, url, token, totals); });

  std::fprintf(stderr, "netkeel_loadgen: %d hosts x %d networks, %zu probe targets per host, a batch per host every %s, for %s\n",
               options.hosts, options.networks, agents.targets_per_host(), report_interval.c_str(), duration.c_str());

  // Host h's report k ends at start + (k + 1) * report + h * report / hosts: hosts evenly staggered.
  const std::int64_t report_ms = std::chrono::duration_cast<std::chrono::milliseconds>(options.report_interval).count();
  const std::int64_t start_ms = wall_ms_now();
  const Clock::time_point start = Clock::now();
  const double cpu0 = process_cpu_seconds();
  std::uint64_t generated = 0, dropped = 0, samples = 0, late = 0;
  std::int64_t worst_lateness_ms = 0;
  std::uint64_t sequence_base = static_cast<std::uint64_t>(start_ms);  // as a fresh agent's SequenceFile: above any earlier run's
  std::int64_t next_progress_ms = 30'000;
  for (std::uint64_t k = 0;; ++k) {
    const std::int64_t round_ms = static_cast<std::int64_t>(k + 1) * report_ms;
    if (round_ms > duration_ms) break;
    for (int h = 0; h < options.hosts; ++h) {
      const std::int64_t due_ms = round_ms + h * report_ms / options.hosts;  // since start
      std::this_thread::sleep_until(start + std::chrono::milliseconds(due_ms));
      const std::int64_t lateness = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count() - due_ms;
      worst_lateness_ms = std::max(worst_lateness_ms, lateness);
      if (lateness > report_ms) ++late;  // the generator cannot keep the agents' pace
      store::Batch batch = agents.batch(h, k, start_ms + due_ms, sequence_base + k);
      Outgoing out{http::gzip_compress(store::encode_batch_json(batch)), batch.samples.size()};
      ++generated;
      samples += out.samples;
      if (!queue.try_push(std::move(out))) ++dropped;  // the server (or the senders) fell a whole interval behind
      if (due_ms >= next_progress_ms) {
        std::lock_guard lock(totals.mutex);
        std::fprintf(stderr, "  %llds: %llu batches generated, %llu stored, %llu dropped\n", static_cast<long long>(due_ms / 1000),
                     static_cast<unsigned long long>(generated), static_cast<unsigned long long>(totals.stored),
                     static_cast<unsigned long long>(dropped));
        next_progress_ms += 30'000;
      }
    }
  }
  queue.close();
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = process_cpu_seconds() - cpu0;

  std::uint64_t refused = 0;
  for (const auto& [status, count] : totals.refused) refused += count;
  std::printf("hosts: %d\nnetworks: %d\nprobe_targets_per_host: %zu\n", options.hosts, options.networks, agents.targets_per_host());
  std::printf("batches_generated: %llu\nbatches_stored: %llu\nbatches_refused: %llu\nbatches_unanswered: %llu\nbatches_dropped: %llu\n",
              static_cast<unsigned long long>(generated), static_cast<unsigned long long>(totals.stored),
              static_cast<unsigned long long>(refused), static_cast<unsigned long long>(totals.unanswered),
              static_cast<unsigned long long>(dropped));
  for (const auto& [status, count] : totals.refused) std::printf("batches_refused_http_%d: %llu\n", status, static_cast<unsigned long long>(count));
  std::printf("samples_generated: %llu\nsamples_stored: %llu\nsamples_per_s: %.0f\n", static_cast<unsigned long long>(samples),
              static_cast<unsigned long long>(totals.samples_stored), static_cast<double>(totals.samples_stored) / wall);
  std::printf("body_bytes: %llu\nbatches_late: %llu\nworst_lateness_ms: %lld\n", static_cast<unsigned long long>(totals.body_bytes),
              static_cast<unsigned long long>(late), static_cast<long long>(worst_lateness_ms));
  std::printf("wall_s: %.1f\nloadgen_cpu_s: %.2f\nloadgen_cpu_share: %.3f\nloadgen_cpu_us_per_sample: %.3f\n", wall, cpu, cpu / wall,
              samples ? cpu * 1e6 / static_cast<double>(samples) : 0.0);
  if (!totals.first_problem.empty()) std::printf("first_problem: %s\n", totals.first_problem.c_str());
  return refused + totals.unanswered + dropped == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const netkeel::UsageError& error) {
    std::fprintf(stderr, "netkeel_loadgen: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "netkeel_loadgen: %s\n", error.what());
    return 1;
  }
}
