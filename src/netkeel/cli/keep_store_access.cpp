#include "netkeel/cli/keep_store_access.hpp"

#include <algorithm>
#include <fstream>

#include "netkeel/core/clock.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/ha/etcd_client.hpp"
#include "netkeel/ha/etcd_endpoints.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/lab/lab_keep.hpp"
#include "netkeel/lab/lab_state.hpp"
#include "netkeel/server/in_network_namespace.hpp"

namespace netkeel::cli {

KeepSource find_keep_source(const KeepSourceFlags& f) {
  KeepSource source;
  source.site_file = f.site_file;
  if (f.lab) {
    const lab::LabStore store;
    if (!store.exists(*f.lab)) throw UsageError("--lab " + *f.lab + ": no lab by that name (see `netkeel lab list`)");
    const lab::LabManifest m = store.load(*f.lab);
    if (source.site_file.empty()) source.site_file = m.site_file;
    std::ifstream in(lab::etcd_endpoints_file(store, *f.lab));
    std::string endpoints, netns;
    if (!std::getline(in, endpoints))
      throw UsageError("lab " + *f.lab + " runs no etcd (it was started with --no-keep, or its site has no VIPs)");
    while (std::getline(in, netns))
      if (!netns.empty()) source.namespaces.push_back(netns);
    source.endpoints = ha::parse_etcd_endpoints(endpoints);
  } else {
    if (f.etcd.empty()) throw UsageError("say where etcd is: --lab NAME or --etcd URL,...");
    source.endpoints = ha::parse_etcd_endpoints(f.etcd);
  }
  if (source.site_file.empty()) throw UsageError("--site FILE is needed with --etcd");
  return source;
}

void with_keep_store(const KeepSource& source, const std::function<void(ha::KeyValueStore& store)>& work) {
  auto run = [&] {
    http::CurlHttpClient http;
    SystemClock clock;
    ha::EtcdClient store(http, clock, {source.endpoints, std::chrono::milliseconds(2000)});
    work(store);
  };
  std::string failures;
  for (std::size_t i = 0; i < std::max<std::size_t>(source.namespaces.size(), 1); ++i) {
    try {
      if (source.namespaces.empty()) run();
      else server::run_in_network_namespace(source.namespaces[i], run);
      return;
    } catch (const ha::KeyValueUnavailable& e) {
      // Tried from each lab host in turn: say from where, or the same endpoints read as one repeated error.
      const std::string from = source.namespaces.empty() ? "" : "from " + source.namespaces[i] + ": ";
      failures += std::string(failures.empty() ? "" : "; ") + from + e.what();
    }
  }
  throw RuntimeError("etcd did not answer: " + failures);
}

}  // namespace netkeel::cli
