// Store benchmarks (docs/performance.md, "Store"):
//  - ingest of 1,000 series x 10,000 points into the SQLite store, in batches of all series at one time
//    (1 s) or at ten times (a 10 s agent interval): samples per CPU-second of the writing thread and per
//    wall-second, and bytes per stored sample after a checkpoint, beside the raw 16 bytes/sample;
//  - the same samples into a naive row-per-sample SQLite table (series, ts, value) WITHOUT ROWID with
//    the same pragmas and one transaction per batch, measured in the same run;
//  - the 50 x 50 probe matrix over 5 minutes of 1 Hz data: a window that starts with the data (every chunk
//    inside it), and the last 5 minutes of 8 (the window cuts through each series' first chunk, as a
//    dashboard's "last 5 minutes" does); and the 300 x 300 matrix over the last 5 minutes of 6 (issue 19);
//  - the same ingest and matrix on the ClickHouse store, side by side, when a ClickHouse answers at
//    NETKEEL_CLICKHOUSE_URL (default http://127.0.0.1:18123, e.g. scripts/clickhouse.sh start DIR); each
//    run uses a scratch database, dropped afterwards. ClickHouse does its work in its own process: its CPU
//    time comes from /proc/$NETKEEL_CLICKHOUSE_PID/stat when that variable names the server's pid (all of
//    the server's threads, merges included), else from system.events (query threads only).
// Sizes can be reduced for a quick run: NETKEEL_BENCH_SERIES, NETKEEL_BENCH_POINTS; NETKEEL_BENCH_KEEP=1
// keeps the database files (in $TMPDIR/netkeel-store-bench-*).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include "netkeel/http/http_client.hpp"
#include "netkeel/store/clickhouse_store.hpp"
#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/sqlite_store.hpp"

namespace {

using namespace netkeel::store;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : fallback;
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "netkeel-store-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    if (!std::getenv("NETKEEL_BENCH_KEEP")) std::filesystem::remove_all(path_);  // keep to inspect the files
  }
  std::string file(const char* name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The workload: half the series are probe RTTs (seconds at microsecond resolution, jittering around a
// per-pair base), half are byte counters growing by a random amount; 1 s apart with +-3 ms jitter.
class Workload {
 public:
  Workload(int series, int points) : series_count_(series), points_(points) {
    for (int i = 0; i < series; ++i) {
      const std::string host = "host-" + std::to_string(i / 20);
      const std::string peer = "host-" + std::to_string(i % 20);
      if (i % 2 == 0) {
        series_.push_back(make_series("netkeel_probe_rtt_seconds",
                                      {{"src", host}, {"dst", peer}, {"network", "mgmt"}, {"kind", "icmp"},
                                       {"n", std::to_string(i)}}));
      } else {
        series_.push_back(make_series("netkeel_link_rx_bytes_total", {{"host", host}, {"link", "eth" + std::to_string(i)}}));
      }
      counters_.push_back(0);
    }
  }

  // Batch `index` holds every series at `times_per_batch` consecutive times.
  Batch batch(int index, int times_per_batch) {
    Batch b;
    b.id = {"bench", static_cast<std::uint64_t>(index)};
    b.series = series_;
    b.samples.reserve(static_cast<std::size_t>(series_count_ * times_per_batch));
    for (int k = 0; k < times_per_batch; ++k) {
      const int t = index * times_per_batch + k;
      for (int s = 0; s < series_count_; ++s) {
        const std::int64_t ts = t0 + t * 1000LL + static_cast<std::int64_t>(rng_() % 7) - 3;
        double value;
        if (s % 2 == 0) {
          value = std::round((0.0002 + 0.00001 * (s % 50) + static_cast<double>(rng_() % 100) * 1e-6) * 1e6) / 1e6;
        } else {
          counters_[static_cast<std::size_t>(s)] += static_cast<double>(rng_() % 150'000);
          value = counters_[static_cast<std::size_t>(s)];
        }
        b.samples.push_back({static_cast<std::uint32_t>(s), ts, value});
      }
    }
    return b;
  }
  std::int64_t samples() const { return static_cast<std::int64_t>(series_count_) * points_; }
  int points() const { return points_; }

  static constexpr std::int64_t t0 = 1'700'000'000'000;

 private:
  int series_count_;
  int points_;
  std::vector<Series> series_;
  std::vector<double> counters_;
  std::mt19937_64 rng_{42};
};

struct FileSize {
  double file_bytes = 0;
  double used_bytes = 0;   // pages in use (file minus free pages)
  double chunk_bytes = 0;  // the compressed chunk payloads alone (0 for the naive table)
};

FileSize measure(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  auto pragma = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    double v = sqlite3_step(s) == SQLITE_ROW ? static_cast<double>(sqlite3_column_int64(s, 0)) : 0;
    sqlite3_finalize(s);
    return v;
  };
  const double page_size = pragma("PRAGMA page_size");
  FileSize size{pragma("PRAGMA page_count") * page_size,
                (pragma("PRAGMA page_count") - pragma("PRAGMA freelist_count")) * page_size,
                pragma("SELECT coalesce(sum(length(data)), 0) FROM chunks")};
  sqlite3_close(db);
  return size;
}

void report(benchmark::State& state, std::int64_t samples, double cpu, double wall, const FileSize& size) {
  state.counters["samples_per_cpu_s"] = static_cast<double>(samples) / cpu;
  state.counters["samples_per_wall_s"] = static_cast<double>(samples) / wall;
  state.counters["file_bytes_per_sample"] = size.file_bytes / static_cast<double>(samples);
  state.counters["used_bytes_per_sample"] = size.used_bytes / static_cast<double>(samples);
  state.counters["chunk_bytes_per_sample"] = size.chunk_bytes / static_cast<double>(samples);
  state.counters["raw_bytes_per_sample"] = 16;
  state.counters["samples"] = static_cast<double>(samples);
}

void BM_SqliteStoreIngest(benchmark::State& state) {
  const int times_per_batch = static_cast<int>(state.range(0));
  for (auto _ : state) {
    ScratchDir dir;
    Workload workload(env_int("NETKEEL_BENCH_SERIES", 1000), env_int("NETKEEL_BENCH_POINTS", 10000));
    const std::string path = dir.file("store.db");
    double cpu = 0;
    double wall = 0;
    {
      SqliteStore store(path);
      for (int i = 0; i < workload.points() / times_per_batch; ++i) {
        Batch batch = workload.batch(i, times_per_batch);  // generated outside the timed part
        const double c0 = cpu_seconds();
        const double w0 = wall_seconds();
        store.write(batch);
        cpu += cpu_seconds() - c0;
        wall += wall_seconds() - w0;
      }
      const double c0 = cpu_seconds();
      const double w0 = wall_seconds();
      store.checkpoint();  // the in-memory head chunks into the chunk table, as at shutdown
      cpu += cpu_seconds() - c0;
      wall += wall_seconds() - w0;
    }
    report(state, workload.samples(), cpu, wall, measure(path));
  }
}
BENCHMARK(BM_SqliteStoreIngest)->Arg(1)->Arg(10)->Iterations(1)->Unit(benchmark::kSecond);

void BM_NaiveSqliteRowPerSample(benchmark::State& state) {
  const int times_per_batch = static_cast<int>(state.range(0));
  for (auto _ : state) {
    ScratchDir dir;
    Workload workload(env_int("NETKEEL_BENCH_SERIES", 1000), env_int("NETKEEL_BENCH_POINTS", 10000));
    const std::string path = dir.file("naive.db");
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                 "CREATE TABLE samples(series INTEGER, ts INTEGER, value REAL, PRIMARY KEY(series, ts)) WITHOUT ROWID",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO samples VALUES(?, ?, ?)", -1, &insert, nullptr);
    double cpu = 0;
    double wall = 0;
    for (int i = 0; i < workload.points() / times_per_batch; ++i) {
      const Batch batch = workload.batch(i, times_per_batch);
      const double c0 = cpu_seconds();
      const double w0 = wall_seconds();
      sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
      for (const Sample& s : batch.samples) {
        sqlite3_bind_int64(insert, 1, s.series);
        sqlite3_bind_int64(insert, 2, s.timestamp_ms);
        sqlite3_bind_double(insert, 3, s.value);
        sqlite3_step(insert);
        sqlite3_reset(insert);
      }
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      cpu += cpu_seconds() - c0;
      wall += wall_seconds() - w0;
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    report(state, workload.samples(), cpu, wall, measure(path));
  }
}
BENCHMARK(BM_NaiveSqliteRowPerSample)->Arg(1)->Arg(10)->Iterations(1)->Unit(benchmark::kSecond);

// `hosts` hosts probing each other (50: 2,450 pairs; 300: 89,700; sent, lost and RTT series each) at 1 Hz,
// samples at t0, t0 + 1 s, ..., t0 + `seconds` s.
template <typename Write>
void write_matrix_data(Write write, int seconds = 300, int hosts = 50) {
  std::vector<Series> series;
  for (int a = 0; a < hosts; ++a) {
    for (int b = 0; b < hosts; ++b) {
      if (a == b) continue;
      std::vector<Label> labels = {{"src", "h" + std::to_string(a)}, {"dst", "h" + std::to_string(b)},
                                   {"network", "mgmt"}, {"kind", "icmp"}};
      series.push_back(make_series(probe_sent_metric, labels));
      series.push_back(make_series(probe_lost_metric, labels));
      series.push_back(make_series(probe_rtt_metric, labels));
    }
  }
  std::mt19937_64 rng(7);
  std::vector<double> lost(series.size() / 3, 0);
  for (int t = 0; t <= seconds; ++t) {
    Batch batch;
    batch.id = {"bench", static_cast<std::uint64_t>(t)};
    batch.series = series;
    for (std::uint32_t p = 0; p < series.size() / 3; ++p) {
      const std::int64_t ts = Workload::t0 + t * 1000LL;
      if (rng() % 100 == 0) lost[p] += 1;
      batch.samples.push_back({3 * p, ts, static_cast<double>(t)});
      batch.samples.push_back({3 * p + 1, ts, lost[p]});
      batch.samples.push_back({3 * p + 2, ts, static_cast<double>(200 + rng() % 300) * 1e-6});
    }
    write(batch);
  }
}

class MatrixData {
 public:
  explicit MatrixData(int seconds, int hosts = 50) : store_(dir_.file("matrix.db"), options_for(hosts)) {
    write_matrix_data([&](const Batch& batch) { store_.write(batch); }, seconds, hosts);
    store_.checkpoint();
  }
  SqliteStore& store() { return store_; }
  std::optional<double> first_query_ms;  // the querying thread's CPU time for the first matrix

 private:
  // One "agent" sends every series: at 300 hosts that is far past the per-batch and per-host limits a
  // server sets for real agents.
  static SqliteStoreOptions options_for(int hosts) {
    SqliteStoreOptions options;
    const auto series = static_cast<std::uint64_t>(3 * hosts * (hosts - 1));
    options.cardinality.max_new_series_per_batch = std::max(options.cardinality.max_new_series_per_batch, series);
    options.cardinality.max_series_per_host = std::max(options.cardinality.max_series_per_host, series);
    return options;
  }
  ScratchDir dir_;
  SqliteStore store_;
};

// The process's resident set (VmRSS) in MiB.
double rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;  // "VmRSS:   123 kB"
  }
  return 0;
}

void run_sqlite_matrix(benchmark::State& state, MatrixData& data, TimestampMs start_ms) {
  std::size_t pairs = 0;
  // The first matrix after new series arrived sorts the in-memory pairs once (docs/store.md, "The probe
  // matrix in memory"); reported apart, the timed queries are the dashboard's steady state.
  if (!data.first_query_ms) {
    const double f0 = cpu_seconds();
    data.store().probe_matrix(ProbeMatrixQuery{"mgmt", start_ms, start_ms + 300'000});
    data.first_query_ms = (cpu_seconds() - f0) * 1e3;
  }
  state.counters["first_query_thread_cpu_ms"] = *data.first_query_ms;
  const double c0 = cpu_seconds();
  for (auto _ : state) {
    const ProbeMatrix matrix = data.store().probe_matrix(ProbeMatrixQuery{"mgmt", start_ms, start_ms + 300'000});
    pairs = matrix.pairs.size();
    benchmark::DoNotOptimize(matrix);
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  // The querying thread's CPU time (Google Benchmark's CPU column is the process's).
  state.counters["thread_cpu_ms_per_query"] = (cpu_seconds() - c0) * 1e3 / static_cast<double>(state.iterations());
  // What the in-memory windows the query reads cost: their series and heap bytes, and the process's RSS
  // (the store, its head chunks and these windows; the benchmark's own data generator is gone by now).
  state.counters["matrix_memory_series"] = static_cast<double>(data.store().matrix_memory_series());
  state.counters["matrix_memory_MiB"] = static_cast<double>(data.store().matrix_memory_bytes()) / (1024 * 1024);
  state.counters["rss_MiB"] = rss_mib();
}

void BM_SqliteProbeMatrix50x50Over5Minutes(benchmark::State& state) {
  static MatrixData data(300);
  run_sqlite_matrix(state, data, Workload::t0);
}
BENCHMARK(BM_SqliteProbeMatrix50x50Over5Minutes)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SqliteProbeMatrix50x50Last5MinutesOf8(benchmark::State& state) {
  static MatrixData data(480);
  run_sqlite_matrix(state, data, Workload::t0 + 180'000);
}
BENCHMARK(BM_SqliteProbeMatrix50x50Last5MinutesOf8)->Unit(benchmark::kMillisecond)->UseRealTime();

// Issue 19's target: 300 hosts (89,700 pairs, 269,100 series), the last 5 minutes of 6, so the window
// cuts through each series' first chunk as a dashboard's "last 5 minutes" does. Writing its 97M samples
// takes a few minutes; NETKEEL_BENCH_MATRIX_HOSTS runs it at another size (the name keeps 300).
void BM_SqliteProbeMatrix300x300Last5Minutes(benchmark::State& state) {
  static MatrixData data(360, env_int("NETKEEL_BENCH_MATRIX_HOSTS", 300));
  run_sqlite_matrix(state, data, Workload::t0 + 60'000);
}
BENCHMARK(BM_SqliteProbeMatrix300x300Last5Minutes)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

// ---- ClickHouse, side by side ----

std::string clickhouse_http_url() {
  const char* url = std::getenv("NETKEEL_CLICKHOUSE_URL");
  std::string out = url && *url ? url : "http://127.0.0.1:18123";
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

std::string clickhouse_sql(const std::string& sql) {
  static netkeel::http::CurlHttpClient client;
  netkeel::http::Request request{"POST", clickhouse_http_url() + "/", {}, sql};
  request.timeout = std::chrono::minutes(10);
  const netkeel::http::Response r = client.send(request);
  if (r.status != 200) throw std::runtime_error(sql + ": HTTP " + std::to_string(r.status) + ": " + r.body);
  return r.body;
}

// "" when a ClickHouse answers, else why not (the benchmark is then skipped with that reason).
std::string clickhouse_unavailable() {
  try {
    if (clickhouse_sql("SELECT 1") == "1\n") return "";
    return "no ClickHouse answers SELECT 1 at " + clickhouse_http_url();
  } catch (const std::exception& e) {
    return "no ClickHouse at " + clickhouse_http_url() + " (" + e.what() +
           "); start one: scripts/clickhouse.sh start DIR";
  }
}

// CPU seconds the ClickHouse server has used so far (see the header comment for the two sources).
double clickhouse_cpu_seconds() {
  if (const char* pid = std::getenv("NETKEEL_CLICKHOUSE_PID")) {
    std::ifstream stat(std::string("/proc/") + pid + "/stat");
    std::string line;
    std::getline(stat, line);
    std::istringstream fields(line.substr(line.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    double utime = 0;
    double stime = 0;
    for (int i = 3; fields >> field; ++i) {  // field 3 is the state
      if (i == 14) utime = std::stod(field);
      if (i == 15) {
        stime = std::stod(field);
        break;
      }
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  const std::string answer = clickhouse_sql(
      "SELECT sum(value) FROM system.events WHERE event IN ('UserTimeMicroseconds', 'SystemTimeMicroseconds')");
  return answer.empty() ? 0 : std::stod(answer) * 1e-6;
}

class ScratchClickHouseDatabase {
 public:
  ScratchClickHouseDatabase() : name_("netkeel_bench_" + std::to_string(getpid()) + "_" + std::to_string(counter_++)) {
    clickhouse_sql("DROP DATABASE IF EXISTS " + name_);
  }
  ~ScratchClickHouseDatabase() {
    if (std::getenv("NETKEEL_BENCH_KEEP")) return;
    try {
      clickhouse_sql("DROP DATABASE IF EXISTS " + name_);
    } catch (const std::exception&) {  // the server went away: nothing to clean
    }
  }
  std::unique_ptr<ClickHouseStore> open() const {
    const std::string http = clickhouse_http_url();
    return std::make_unique<ClickHouseStore>(ClickHouseEndpoint{http, name_},
                                             std::make_shared<netkeel::http::CurlHttpClient>());
  }
  const std::string& name() const { return name_; }

 private:
  static inline int counter_ = 0;
  std::string name_;
};

double clickhouse_number(const std::string& sql) {
  const std::string answer = clickhouse_sql(sql);
  return answer.empty() ? 0 : std::stod(answer);
}

void BM_ClickHouseStoreIngest(benchmark::State& state) {
  if (const std::string why = clickhouse_unavailable(); !why.empty()) {
    state.SkipWithError(why.c_str());
    return;
  }
  const int times_per_batch = static_cast<int>(state.range(0));
  for (auto _ : state) {
    ScratchClickHouseDatabase database;
    Workload workload(env_int("NETKEEL_BENCH_SERIES", 1000), env_int("NETKEEL_BENCH_POINTS", 10000));
    auto store = database.open();
    double cpu = 0;
    double wall = 0;
    const double server0 = clickhouse_cpu_seconds();
    for (int i = 0; i < workload.points() / times_per_batch; ++i) {
      Batch batch = workload.batch(i, times_per_batch);
      const double c0 = cpu_seconds();
      const double w0 = wall_seconds();
      store->write(batch);
      cpu += cpu_seconds() - c0;
      wall += wall_seconds() - w0;
    }
    const double server_ingest = clickhouse_cpu_seconds() - server0;
    const std::string where = "database = '" + database.name() + "' AND table = 'samples'";
    auto measure_parts = [&](const char* prefix) {
      const double samples = static_cast<double>(workload.samples());
      state.counters[std::string(prefix) + "disk_bytes_per_sample"] =
          clickhouse_number("SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND " + where) / samples;
      state.counters[std::string(prefix) + "column_bytes_per_sample"] =
          clickhouse_number("SELECT sum(data_compressed_bytes) FROM system.columns WHERE " + where) / samples;
      state.counters[std::string(prefix) + "parts"] =
          clickhouse_number("SELECT count() FROM system.parts WHERE active AND " + where);
    };
    measure_parts("unmerged_");
    // Merged into one part per day, as ClickHouse's background merges leave it in the end.
    clickhouse_sql("OPTIMIZE TABLE " + database.name() + ".samples FINAL");
    measure_parts("");
    const auto samples = static_cast<double>(workload.samples());
    state.counters["client_samples_per_cpu_s"] = samples / cpu;
    state.counters["server_samples_per_cpu_s"] = samples / server_ingest;
    state.counters["samples_per_cpu_s"] = samples / (cpu + server_ingest);  // netkeel + ClickHouse, per core
    state.counters["samples_per_wall_s"] = samples / wall;
    state.counters["raw_bytes_per_sample"] = 16;
    state.counters["samples"] = samples;
  }
}
BENCHMARK(BM_ClickHouseStoreIngest)->Arg(10)->Arg(100)->Iterations(1)->Unit(benchmark::kSecond);

void BM_ClickHouseProbeMatrix50x50Over5Minutes(benchmark::State& state) {
  if (const std::string why = clickhouse_unavailable(); !why.empty()) {
    state.SkipWithError(why.c_str());
    return;
  }
  static ScratchClickHouseDatabase database;
  static std::unique_ptr<ClickHouseStore> store = [] {
    auto s = database.open();
    write_matrix_data([&](const Batch& batch) { s->write(batch); });
    clickhouse_sql("OPTIMIZE TABLE " + database.name() + ".samples FINAL");
    return s;
  }();
  std::size_t pairs = 0;
  const double server0 = clickhouse_cpu_seconds();
  for (auto _ : state) {
    const ProbeMatrix matrix = store->probe_matrix(ProbeMatrixQuery{"mgmt", Workload::t0, Workload::t0 + 300'000});
    pairs = matrix.pairs.size();
    benchmark::DoNotOptimize(matrix);
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["server_cpu_ms_per_query"] =
      (clickhouse_cpu_seconds() - server0) * 1e3 / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ClickHouseProbeMatrix50x50Over5Minutes)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
