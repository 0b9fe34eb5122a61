// Plan and render a generated 1,000-host site in the recommended production shape: racks of 40 hosts,
// each rack on a pair of MLAG ToRs, two 10G NICs per host bonded with LACP, four VLAN service networks
// (mgmt, api, GRE tunnel, storage), ten services. The site is generated as YAML and loaded once, so the
// loader is measured on its own (BM_LoadAndValidate) and not inside the plan/render figures.
//
//   cmake -S . -B build-bench -G Ninja -DNETKEEL_BENCH=ON -DCMAKE_BUILD_TYPE=Release
//   ninja -C build-bench plan_render_bench && build-bench/plan_render_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "netkeel/plan/planner.hpp"
#include "netkeel/render/json_renderer.hpp"
#include "netkeel/render/render_plan.hpp"
#include "netkeel/render/text_format.hpp"
#include "netkeel/site/site_loader.hpp"
#include "netkeel/site/site_validator.hpp"

namespace {

using namespace netkeel;

constexpr int kHosts = 1000;
constexpr int kHostsPerRack = 40;

std::string generate_site_yaml() {
  std::string y;
  const int racks = (kHosts + kHostsPerRack - 1) / kHostsPerRack;
  y += "site: bench-1000\nfabric: {layer: 2, mtu: 9000}\nswitches:\n";
  y += "  - {name: spine1, port_speed: 100G}\n  - {name: spine2, port_speed: 100G}\n";
  for (int r = 1; r <= racks; ++r) {
    for (char side : {'a', 'b'}) {
      render::append(y, "  - {{name: tor{}{}, rack: r{}, lacp: true, mlag_peer: tor{}{}, port_speed: 10G, uplinks: [spine1, spine2]}}\n",
          r, side, r, r, side == 'a' ? 'b' : 'a');
    }
  }
  // /21 subnets: hosts take ids 11..1010; gateways .1; the api VIP pool sits above every host.
  y += "networks:\n"
       "  mgmt:    {vlan: 10, cidr: 10.10.0.0/21, gateway: 10.10.0.1, default_route: true}\n"
       "  api:     {vlan: 20, cidr: 10.20.0.0/21, gateway: 10.20.0.1, vips: 10.20.7.200-10.20.7.250}\n"
       "  tunnel:  {vlan: 30, cidr: 10.30.0.0/21, mtu: 9000, encapsulation: gre}\n"
       "  storage: {vlan: 40, cidr: 10.40.0.0/21, mtu: 9000}\n"
       "hosts:\n";
  for (int i = 0; i < kHosts; ++i) {
    const int id = 11 + i, rack = 1 + i / kHostsPerRack, port = 1 + i % kHostsPerRack;
    render::append(y, "  - name: node{:04}\n    id: {}\n    rack: r{}\n    nics:\n", id, id, rack);
    for (int n = 0; n < 2; ++n) {
      render::append(y, "      - {{name: eno{}, mac: \"3c:fd:fe:{:02x}:{:02x}:{:02x}\", switch: tor{}{}, port: Eth1/{}}}\n", n + 1,
          id >> 8, id & 0xff, n + 1, rack, n == 0 ? 'a' : 'b', port);
    }
  }
  y += "services:\n";
  int port = 5000;
  for (const char* s : {"mysql", "rabbitmq", "keystone", "glance", "nova-api", "neutron", "cinder", "placement",
                        "heat", "horizon"}) {
    render::append(y, "  - {{name: {}, network: api, port: {}, check: {{tcp: {}}}}}\n", s, port, port);
    ++port;
  }
  return y;
}

const std::string& site_yaml() {
  static const std::string yaml = generate_site_yaml();
  return yaml;
}

const site::Site& bench_site() {
  static const site::Site s = [] {
    auto loaded = site::load_site_from_string(site_yaml(), "bench-1000.yaml");
    Diagnostics all = loaded.diagnostics;
    if (loaded.site) all.append(site::validate_site(*loaded.site));
    if (!loaded.site || all.has_errors()) {
      std::fputs(format_diagnostics(all).c_str(), stderr);
      std::abort();
    }
    return *loaded.site;
  }();
  return s;
}

const plan::ClusterPlan& bench_plan() {
  static const plan::ClusterPlan p = [] {
    auto planned = plan::plan_site(bench_site());
    if (!planned.plan) {
      std::fputs(format_diagnostics(planned.diagnostics).c_str(), stderr);
      std::abort();
    }
    return std::move(*planned.plan);
  }();
  return p;
}

size_t total_bytes(const render::RenderedFiles& files) {
  size_t n = 0;
  for (const auto& [path, content] : files) n += content.size();
  return n;
}

void BM_LoadAndValidate(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = site::load_site_from_string(site_yaml(), "bench-1000.yaml");
    auto diagnostics = site::validate_site(*loaded.site);
    benchmark::DoNotOptimize(diagnostics);
  }
  state.counters["yaml_bytes"] = static_cast<double>(site_yaml().size());
}

void BM_Plan(benchmark::State& state) {
  const auto& s = bench_site();
  for (auto _ : state) {
    auto planned = plan::plan_site(s);
    benchmark::DoNotOptimize(planned);
  }
  const auto& p = bench_plan();
  size_t neighbours = 0;
  for (const auto& h : p.hosts) neighbours += h.neighbours.size();
  state.counters["hosts"] = static_cast<double>(p.hosts.size());
  state.counters["neighbours"] = static_cast<double>(neighbours);
}

void BM_Render(benchmark::State& state, render::Format format) {
  const auto& p = bench_plan();
  size_t bytes = 0;
  for (auto _ : state) {
    auto files = render::render_all_hosts(format, p);
    bytes = total_bytes(files);
    benchmark::DoNotOptimize(files);
  }
  state.counters["output_MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_PlanAndRenderEveryFormat(benchmark::State& state) {
  const auto& s = bench_site();
  for (auto _ : state) {
    auto planned = plan::plan_site(s);
    for (auto format : render::kAllFormats) {
      auto files = render::render_all_hosts(format, *planned.plan);
      benchmark::DoNotOptimize(files);
    }
  }
}

BENCHMARK(BM_LoadAndValidate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Plan)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, netplan, render::Format::netplan)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, networkd, render::Format::networkd)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, iproute2, render::Format::iproute2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, json, render::Format::json)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanAndRenderEveryFormat)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
