// GET /api/v1/diagnose/host and /api/v1/diagnose/pair on a real SQLite store, with the flat one-switch site
// (node1-3 on sw1): probes with node2's NIC side lossy, its NIC counters, TCP counters and bond state;
// every bad parameter and unknown host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/host_diagnosis.hpp"
#include "netkeel/analyze/pair_diagnosis.hpp"
#include "netkeel/server/diagnose_host_handler.hpp"
#include "netkeel/server/diagnose_pair_handler.hpp"
#include "netkeel/server/diagnose_vm_handler.hpp"
#include "netkeel/analyze/vm_diagnosis.hpp"
#include "netkeel/site/site_loader.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

constexpr store::TimestampMs kT0 = 1764150000000;
constexpr store::TimestampMs kNow = kT0 + 60000;

class DiagnoseDetailTest : public ::testing::Test {
 protected:
  DiagnoseDetailTest() {
    auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml");
    paths_ = analyze::probe_paths_by_network(*loaded.site);
  }
  // Every pair of node1..node3 probes mgmt from `start` for 60 s; pairs with `lossy_host` lose every 10th probe.
  void write_mesh(const std::string& lossy_host, store::TimestampMs start) {
    for (const char* src : {"node1", "node2", "node3"}) {
      for (const char* dst : {"node1", "node2", "node3"}) {
        if (std::string(src) == dst) continue;
        const bool lossy = src == lossy_host || dst == lossy_host;
        store().write(testing::probe_batch(src, sequence_++, dst, "mgmt", start, 60, lossy ? 10 : 0));
      }
    }
  }
  // One counter of `host` (as the server labels it at ingest) rising by `per_s` a second over 60 s.
  void write_counter(const std::string& host, const std::string& metric, std::vector<store::Label> labels,
                     store::TimestampMs start, double per_s) {
    store::Batch batch;
    batch.id = {host, sequence_++};
    labels.push_back({"host", host});
    batch.series.push_back(store::make_series(metric, labels));
    for (int i = 0; i <= 60; i += 10) batch.samples.push_back({0, start + i * 1000, 1000 + per_s * i});
    store().write(batch);
  }
  void write_gauge(const std::string& host, const std::string& metric, std::vector<store::Label> labels, double value) {
    store::Batch batch;
    batch.id = {host, sequence_++};
    labels.push_back({"host", host});
    batch.series.push_back(store::make_series(metric, labels));
    batch.samples.push_back({0, kT0 + 50000, value});
    store().write(batch);
  }
  ApiResponse host(const QueryParameters& parameters) {
    return handle_diagnose_host(parameters, store(), QueryContext{kNow}, &paths_);
  }
  ApiResponse vm(const QueryParameters& parameters) {
    return handle_diagnose_vm(parameters, store(), QueryContext{kNow}, &paths_);
  }
  ApiResponse pair(const QueryParameters& parameters) {
    return handle_diagnose_pair(parameters, store(), QueryContext{kNow}, &paths_);
  }
  store::Store& store() { return *stored_.store; }

  testing::StoreInTempDir stored_;
  analyze::SiteProbePaths paths_;
  std::uint64_t sequence_ = 1;
};

TEST_F(DiagnoseDetailTest, HostVerdictNamesItsNicWithItsCountersAgainstTheBaseline) {
  write_mesh("", kT0 - 600000);  // a clean baseline ten minutes before
  write_mesh("node2", kT0);
  write_counter("node2", "netkeel_nic_rx_errors_total", {{"interface", "eno1"}}, kT0, 1);
  write_counter("node2", "netkeel_nic_rx_crc_errors_total", {{"interface", "eno1"}}, kT0, 1);
  write_counter("node2", "netkeel_netstat_Tcp_RetransSegs", {}, kT0 - 600000, 0.1);
  write_counter("node2", "netkeel_netstat_Tcp_RetransSegs", {}, kT0, 2);
  write_gauge("node2", "netkeel_nic_carrier", {{"interface", "eno1"}, {"oper_state", "up"}}, 1);
  write_gauge("node2", "netkeel_bond_member_up", {{"bond", "bond0"}, {"member", "eno1"}}, 1);

  const ApiResponse response = host({{"host", "node2"}, {"since", "60s"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json json = nlohmann::json::parse(response.body);
  EXPECT_EQ(json["host"], "node2");
  EXPECT_EQ(json["window_s"], 60);
  EXPECT_EQ(json["baseline_s"], 3600);
  EXPECT_THAT(json["verdict"].get<std::string>(), HasSubstr("node2:eno1"));
  EXPECT_THAT(json["verdict"].get<std::string>(), HasSubstr("is the likeliest culprit"));
  EXPECT_THAT(json["verdict"].get<std::string>(), HasSubstr("rx_crc_errors +60"));
  ASSERT_EQ(json["nics"].size(), 1u);
  EXPECT_EQ(json["nics"][0]["name"], "eno1");
  EXPECT_EQ(json["nics"][0]["switch_port"], "sw1:2");
  EXPECT_EQ(json["nics"][0]["carrier"], true);
  EXPECT_EQ(json["nics"][0]["wire_errors"], 60);
  EXPECT_EQ(json["nics"][0]["networks"], nlohmann::json::parse(R"(["api","mgmt","storage","tunnel"])"));
  EXPECT_EQ(json["bond_members"][0]["member"], "eno1");
  ASSERT_EQ(json["stack"].size(), 1u);
  EXPECT_EQ(json["stack"][0]["counter"], "Tcp_RetransSegs");
  EXPECT_DOUBLE_EQ(json["stack"][0]["per_s"].get<double>(), 2);
  EXPECT_DOUBLE_EQ(json["stack"][0]["baseline_per_s"].get<double>(), 0.1);
  // Both directions to both peers, now lossy, clean in the baseline.
  ASSERT_EQ(json["peers"].size(), 4u);
  for (const nlohmann::json& peer : json["peers"]) {
    EXPECT_GT(peer["loss"].get<double>(), 0.05) << peer.dump();
    EXPECT_EQ(peer["baseline"]["loss"], 0) << peer.dump();
    EXPECT_EQ(peer["baseline"]["sent"], 60) << peer.dump();
  }
  // The culprits on its side only: the cable first (the CRC errors point at the wire).
  ASSERT_FALSE(json["culprits"].empty());
  EXPECT_EQ(json["culprits"][0]["name"], "node2:eno1<->sw1:2");
  // A peer of the lossy host is not at fault: its verdict points at node2's side.
  const ApiResponse peer = host({{"host", "node1"}, {"since", "60s"}});
  ASSERT_EQ(peer.status, 200) << peer.body;
  EXPECT_THAT(nlohmann::json::parse(peer.body)["verdict"].get<std::string>(),
              HasSubstr("but the likeliest culprit is cable node2:eno1<->sw1:2"));
  EXPECT_THAT(analyze::host_diagnosis_table(json), HasSubstr("verdict: cable node2:eno1<->sw1:2"));
}

TEST_F(DiagnoseDetailTest, PairShowsThePathWithTheSuspectHopAndLossPerKind) {
  write_mesh("", kT0 - 600000);
  write_mesh("node2", kT0);
  const ApiResponse response = pair({{"a", "node1"}, {"b", "node2"}, {"since", "60s"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json json = nlohmann::json::parse(response.body);
  ASSERT_EQ(json["networks"].size(), 4u);  // every network both hosts carry
  const nlohmann::json* mgmt = nullptr;
  for (const nlohmann::json& n : json["networks"]) {
    if (n["network"] == "mgmt") mgmt = &n;
  }
  ASSERT_NE(mgmt, nullptr);
  ASSERT_EQ((*mgmt)["flows"].size(), 1u);
  EXPECT_THAT((*mgmt)["flows"][0]["text"].get<std::string>(), HasSubstr("nic node2:eno1 [suspect 0."));
  ASSERT_EQ((*mgmt)["directions"].size(), 2u);
  const nlohmann::json& icmp = (*mgmt)["directions"][0]["kinds"][0];
  EXPECT_EQ(icmp["kind"], "icmp");
  EXPECT_EQ(icmp["now"]["sent"], 60);
  EXPECT_EQ(icmp["now"]["lost"], 6);
  EXPECT_EQ(icmp["baseline"]["lost"], 0);
  EXPECT_FALSE(icmp["now"]["rtt_p50_s"].is_null());
  EXPECT_THAT(json["verdict"].get<std::string>(), HasSubstr("the suspect hop on its path: nic node2:eno1"));
  EXPECT_THAT(json["source_ports"].get<std::string>(), HasSubstr("not known"));
  EXPECT_THAT(analyze::pair_diagnosis_table(json), HasSubstr("node1->node2     icmp  10.0% (6/60)"));
}

TEST_F(DiagnoseDetailTest, BadParametersAre400AndUnknownHostsAre404SuggestingTheClosest) {
  const struct {
    bool pair;
    QueryParameters parameters;
    int status;
    const char* expected;
  } cases[] = {
      {false, {}, 400, "missing parameter 'host': add it, e.g. host=node1"},
      {false, {{"host", "nod2"}}, 404,
       "parameter host=nod2: the site file has no host of that name; did you mean 'node2'? (its hosts: node1, node2, node3)"},
      {false, {{"host", "node2"}, {"since", "5 minutes"}}, 400, "parameter since=5 minutes"},
      {false, {{"host", "node2"}, {"hots", "x"}}, 400, "unknown parameter 'hots'"},
      {true, {{"a", "node1"}}, 400, "missing parameter 'b'"},
      {true, {{"a", "node1"}, {"b", "node1"}}, 400, "parameters a=node1 and b=node1: name two different hosts"},
      {true, {{"a", "node1"}, {"b", "ndoe3"}}, 404, "parameter b=ndoe3: the site file has no host of that name; did you mean 'node3'?"},
      {true, {{"a", "zzz"}, {"b", "node3"}}, 404, "parameter a=zzz"},
  };
  for (const auto& c : cases) {
    const ApiResponse response = c.pair ? pair(c.parameters) : host(c.parameters);
    EXPECT_EQ(response.status, c.status) << c.expected << ": " << response.body;
    EXPECT_THAT(response.body, HasSubstr(c.expected));
  }
  EXPECT_EQ(handle_diagnose_host({{"host", "node1"}}, store(), QueryContext{kNow}, nullptr).status, 404);
  EXPECT_EQ(handle_diagnose_pair({{"a", "node1"}, {"b", "node2"}}, store(), QueryContext{kNow}, nullptr).status, 404);
}

TEST_F(DiagnoseDetailTest, VmVerdictTellsItsOwnInterfaceFromTheNetwork) {
  write_mesh("", kT0 - 600000);
  write_mesh("", kT0);
  EXPECT_THAT(vm({{"domain", "web-1"}}).body, HasSubstr("no agent reports VMs"));
  write_gauge("node3", "netkeel_vm_interface_info",
              {{"domain", "web-1"}, {"interface", "vnet3"}, {"uuid", "u-1"}, {"mac", "52:54:00:aa:bb:01"}}, 1);
  write_counter("node3", "netkeel_vm_interface_receive_drops_total", {{"domain", "web-1"}, {"interface", "vnet3"}},
                kT0 - 600000, 0);
  write_counter("node3", "netkeel_vm_interface_receive_drops_total", {{"domain", "web-1"}, {"interface", "vnet3"}},
                kT0, 5);
  write_counter("node3", "netkeel_vm_interface_receive_packets_total", {{"domain", "web-1"}, {"interface", "vnet3"}},
                kT0, 1000);
  const ApiResponse response = vm({{"domain", "web-1"}, {"since", "60s"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json json = nlohmann::json::parse(response.body);
  EXPECT_EQ(json["uuid"], "u-1");
  EXPECT_EQ(json["host"]["host"], "node3");
  EXPECT_THAT(json["verdict"].get<std::string>(),
              HasSubstr("the VM's own interface, not the physical network: vnet3 receive_drops at 5.00/s (baseline 0.00/s)"));
  ASSERT_EQ(json["interfaces"].size(), 1u);
  EXPECT_EQ(json["interfaces"][0]["mac"], "52:54:00:aa:bb:01");
  EXPECT_THAT(analyze::vm_diagnosis_table(json), HasSubstr("--- its host ---\nhost node3 over the last 60 s"));
  // A name no agent reported: 404 with the closest one.
  const ApiResponse unknown = vm({{"domain", "web-2x"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_THAT(unknown.body, HasSubstr("parameter domain=web-2x: no agent reported a VM of that name; did you mean 'web-1'?"));
  EXPECT_THAT(vm({}).body, HasSubstr("missing parameter 'domain': add it, e.g. domain=instance-0000002a"));
}

}  // namespace
}  // namespace netkeel::server
