// The loader turns the examples into the model field by field, keeps marks, and survives hostile input.
#include "netkeel/site/site_loader.hpp"

#include <gtest/gtest.h>

#include "site/site_test_support.hpp"

namespace netkeel::site {
namespace {

Site load_example(const std::string& file) {
  auto result = load_site_from_file(testing::example_path(file));
  EXPECT_EQ(result.diagnostics.error_count(), 0u) << format_diagnostics(result.diagnostics);
  if (!result.site) throw std::runtime_error("example did not load: " + file);
  return *result.site;
}

TEST(SiteLoader, ReadsTheProductionMlagExample) {
  const Site site = load_example("2-production-mlag.yaml");
  EXPECT_EQ(site.name, "acme-zblock-1");
  EXPECT_EQ(site.fabric.layer, 2);
  EXPECT_EQ(site.fabric.mtu, 9000);
  ASSERT_EQ(site.switches.size(), 3u);
  const Switch& tor1 = site.switches[0];
  EXPECT_EQ(tor1.name, "tor1");
  EXPECT_EQ(tor1.rack, "r1");
  EXPECT_TRUE(tor1.lacp);
  EXPECT_EQ(tor1.mlag_peer, "tor2");
  EXPECT_EQ(tor1.port_speed_mbps, 10000u);
  EXPECT_EQ(tor1.uplinks, std::vector<std::string>{"spine1"});
  EXPECT_EQ(site.switches[2].port_speed_mbps, 40000u);
  EXPECT_FALSE(site.switches[2].rack);

  ASSERT_EQ(site.networks.size(), 4u);
  EXPECT_EQ(site.networks[0].name, "mgmt");  // file order is kept (table ids derive from it)
  EXPECT_EQ(site.networks[3].name, "storage");
  const Network& mgmt = site.networks[0];
  EXPECT_EQ(mgmt.vlan, 10);
  EXPECT_EQ(mgmt.cidr, Ipv4Prefix::parse("10.10.0.0/24"));
  EXPECT_EQ(mgmt.gateway, Ipv4Address::parse("10.10.0.1"));
  EXPECT_TRUE(mgmt.default_route);
  const Network& api = site.networks[1];
  EXPECT_EQ(api.vips, Ipv4Range::parse("10.20.0.200-10.20.0.250"));
  const Network& tunnel = site.networks[2];
  EXPECT_EQ(tunnel.encapsulation, Encapsulation::gre);
  EXPECT_EQ(tunnel.mtu, 9000);
  EXPECT_EQ(tunnel.arp, ArpPolicy::automatic);

  ASSERT_EQ(site.hosts.size(), 4u);
  const Host& ctl1 = site.hosts[0];
  EXPECT_EQ(ctl1.name, "ctl1");
  EXPECT_EQ(ctl1.id, 11u);
  EXPECT_EQ(ctl1.backend, Backend::kernel);
  EXPECT_EQ(ctl1.bond.name, "bond0");
  EXPECT_EQ(ctl1.bond.mode, BondModeOverride::none);
  ASSERT_EQ(ctl1.nics.size(), 2u);
  EXPECT_EQ(ctl1.nics[1].name, "eno2");
  EXPECT_EQ(ctl1.nics[1].mac, MacAddress::parse("3c:fd:fe:00:01:02"));
  EXPECT_EQ(ctl1.nics[1].switch_name, "tor2");
  EXPECT_EQ(ctl1.nics[1].port, "Eth1/1");
  EXPECT_EQ(ctl1.nics[1].mode, NicMode::trunk);
  EXPECT_FALSE(ctl1.nics[1].speed_mbps);

  ASSERT_EQ(site.services.size(), 5u);
  EXPECT_EQ(site.services[0].hosts, (std::vector<std::string>{"ctl1", "ctl2", "ctl3"}));
  EXPECT_EQ(site.services[2].ports, std::vector<uint16_t>{5000});
  EXPECT_EQ(site.services[2].checks.at(0).kind, HealthCheck::Kind::http);
  EXPECT_EQ(site.services[2].checks.at(0).http_path, "/v3");
  EXPECT_EQ(site.services[3].depends_on, (std::vector<std::string>{"keystone", "mysql"}));
  EXPECT_EQ(site.services[4].checks.at(0).kind, HealthCheck::Kind::exec);
  EXPECT_EQ(site.services[4].checks.at(0).exec_command, "ceph mon stat");
  EXPECT_EQ(site.services[4].checks.at(0).interval, std::chrono::milliseconds(2000));
  EXPECT_EQ(site.services[4].checks.at(0).timeout, std::chrono::milliseconds(1000));
  EXPECT_EQ(site.services[4].checks.at(0).fall, 3);
  EXPECT_EQ(site.services[0].checks.at(0).interval, std::chrono::milliseconds(100));  // the defaults
  EXPECT_EQ(site.services[0].checks.at(0).rise, 2);
  EXPECT_EQ(site.services[0].checks.at(0).tcp_port, 3306);
}

TEST(SiteLoader, ReadsPerRackSubnetsOfTheLayer3Example) {
  const Site site = load_example("5-leaf-spine-l3.yaml");
  EXPECT_EQ(site.fabric.layer, 3);
  const Network& mgmt = site.networks[0];
  EXPECT_FALSE(mgmt.cidr);
  ASSERT_EQ(mgmt.rack_cidrs.size(), 3u);
  EXPECT_EQ(mgmt.rack_cidrs.at("r2"), *Ipv4Prefix::parse("10.2.10.0/24"));
  EXPECT_EQ(site.switches[0].asn, 65101u);
  EXPECT_EQ(site.switches[0].port_speed_mbps, 25000u);
  EXPECT_EQ(site.hosts[2].rack, "r2");
}

TEST(SiteLoader, ReadsAccessPortsOfTheOneVlanExample) {
  const Site site = load_example("1-one-rack-one-vlan.yaml");
  const Nic& nic = site.hosts[0].nics[0];
  EXPECT_EQ(nic.mode, NicMode::access);
  EXPECT_EQ(nic.networks, (std::vector<std::string>{"mgmt", "api", "tunnel", "storage"}));
  EXPECT_EQ(nic.port, "1");
  EXPECT_FALSE(site.networks[0].vlan);
  EXPECT_EQ(site.switches[0].port_speed_mbps, 1000u);
}

TEST(SiteLoader, RecordsOneBasedMarksForMappingsFieldsAndListEntries) {
  const std::string yaml =
      "site: s\n"
      "switches:\n"
      "  - {name: sw1, uplinks: [a, b]}\n"
      "networks:\n"
      "  mgmt:\n"
      "    cidr: 10.0.0.0/24\n"
      "hosts:\n"
      "  - name: h1\n"
      "    id: 1\n"
      "    addresses: {mgmt: 10.0.0.9}\n"
      "    nics: [{name: eno1, switch: sw1, port: \"1\", networks: [mgmt]}]\n";
  auto result = load_site_from_string(yaml, "m.yaml");
  ASSERT_TRUE(result.site);
  EXPECT_EQ(result.diagnostics.error_count(), 0u) << format_diagnostics(result.diagnostics);
  const Site& site = *result.site;
  EXPECT_EQ(site.switches[0].marks.self.line, 3);
  EXPECT_EQ(site.switches[0].marks.self.column, 5);
  EXPECT_EQ(site.switches[0].marks.of("name").column, 12);
  EXPECT_EQ(site.switches[0].marks.of("uplinks.1").column, 30);
  EXPECT_EQ(site.switches[0].marks.of("uplinks.1").file, "m.yaml");
  EXPECT_EQ(site.networks[0].marks.of("cidr").line, 6);
  EXPECT_EQ(site.networks[0].marks.of("cidr").column, 11);
  EXPECT_EQ(site.marks.of("networks.mgmt").line, 6);  // the network's value starts on line 6
  EXPECT_EQ(site.hosts[0].marks.self.line, 8);
  EXPECT_EQ(site.hosts[0].marks.of("id").line, 9);
  EXPECT_EQ(site.hosts[0].marks.of("addresses.mgmt").column, 23);
  EXPECT_EQ(site.hosts[0].nics[0].marks.of("networks.0").line, 11);
  EXPECT_EQ(site.hosts[0].addresses.at("mgmt"), *Ipv4Address::parse("10.0.0.9"));
  // A field that was not given falls back to its mapping's mark.
  EXPECT_EQ(site.hosts[0].marks.of("rack").line, 8);
}

TEST(SiteLoader, AcceptsEveryOptionalField) {
  const std::string yaml =
      "site: s\n"
      "fabric: {layer: 3, mtu: 9216}\n"
      "switches: [{name: sw1, rack: r1, lacp: true, mtu: 9000, asn: 65001, port_speed: 2.5G}]\n"
      "networks:\n"
      "  mgmt: {vlan: 4094, cidr: {r1: 10.0.0.0/24}, gateway: {r1: 10.0.0.254}, mtu: 576, arp: long-timeout,\n"
      "         encapsulation: vxlan, foreign_devices: true, table: 1000, default_route: true}\n"
      "hosts:\n"
      "  - name: h1\n"
      "    id: 4294967295\n"
      "    rack: r1\n"
      "    backend: ovs\n"
      "    bond: {name: uplink, mode: active-backup}\n"
      "    nics: [{name: eno1, speed: 100M, switch: sw1, port: \"1\", mode: access, networks: [mgmt]}]\n"
      "services:\n"
      "  - {name: a, network: mgmt, ports: [1, 65535], check: {exec: /bin/true}, vip: 10.9.9.9, hosts: [h1]}\n";
  auto result = load_site_from_string(yaml, "all.yaml");
  ASSERT_TRUE(result.site);
  EXPECT_EQ(result.diagnostics.error_count(), 0u) << format_diagnostics(result.diagnostics);
  const Site& site = *result.site;
  EXPECT_EQ(site.fabric.mtu, 9216);
  EXPECT_EQ(site.switches[0].mtu, 9000);
  EXPECT_EQ(site.switches[0].port_speed_mbps, 2500u);
  const Network& mgmt = site.networks[0];
  EXPECT_EQ(mgmt.vlan, 4094);
  EXPECT_EQ(mgmt.rack_gateways.at("r1"), *Ipv4Address::parse("10.0.0.254"));
  EXPECT_EQ(mgmt.mtu, 576);
  EXPECT_EQ(mgmt.arp, ArpPolicy::long_timeout);
  EXPECT_EQ(mgmt.encapsulation, Encapsulation::vxlan);
  EXPECT_TRUE(mgmt.foreign_devices);
  EXPECT_EQ(mgmt.table, 1000u);
  const Host& h1 = site.hosts[0];
  EXPECT_EQ(h1.id, 4294967295u);
  EXPECT_EQ(h1.backend, Backend::ovs);
  EXPECT_EQ(h1.bond.name, "uplink");
  EXPECT_EQ(h1.bond.mode, BondModeOverride::active_backup);
  EXPECT_EQ(h1.nics[0].speed_mbps, 100u);
  EXPECT_EQ(site.services[0].ports, (std::vector<uint16_t>{1, 65535}));
  EXPECT_EQ(site.services[0].vip, Ipv4Address::parse("10.9.9.9"));
}

TEST(SiteLoader, BondModeLacpIsAnAliasOf8023ad) {
  for (const char* mode : {"lacp", "802.3ad"}) {
    auto result = load_site_from_string(std::string("site: s\nhosts: [{name: h, id: 1, nics: [], bond: {mode: ") + mode + "}}]\n", "b.yaml");
    ASSERT_TRUE(result.site);
    EXPECT_EQ(result.site->hosts[0].bond.mode, BondModeOverride::lacp) << mode;
  }
}

TEST(SiteLoader, ACheckIsOneMappingOrAListOfThemOfEveryKind) {
  const std::string yaml =
      "site: s\n"
      "services:\n"
      "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306, hold_down: 0s}}\n"
      "  - name: keystone\n"
      "    network: api\n"
      "    port: 5000\n"
      "    check:\n"
      "      - {http: /v3, interval: 200ms, timeout: 150ms, fall: 3, rise: 4, hold_down: 30s}\n"
      "      - {link: true}\n"
      "      - {mesh: true, interval: 1s}\n"
      "      - {dep: memcached@local}\n"
      "      - {dep: mysql}\n"
      "      - {dep: rabbitmq@any, fall: 5}\n";
  auto result = load_site_from_string(yaml, "checks.yaml");
  ASSERT_TRUE(result.site) << format_diagnostics(result.diagnostics);
  EXPECT_EQ(result.diagnostics.error_count(), 0u) << format_diagnostics(result.diagnostics);
  const auto& mysql = result.site->services[0].checks;
  ASSERT_EQ(mysql.size(), 1u);
  EXPECT_EQ(mysql[0].kind, HealthCheck::Kind::tcp);
  EXPECT_EQ(mysql[0].hold_down, std::chrono::milliseconds(0));
  const auto& keystone = result.site->services[1].checks;
  ASSERT_EQ(keystone.size(), 6u);
  EXPECT_EQ(keystone[0].kind, HealthCheck::Kind::http);
  EXPECT_EQ(keystone[0].interval, std::chrono::milliseconds(200));
  EXPECT_EQ(keystone[0].rise, 4);
  EXPECT_EQ(keystone[0].hold_down, std::chrono::seconds(30));
  EXPECT_EQ(keystone[1].kind, HealthCheck::Kind::link);
  EXPECT_EQ(keystone[1].hold_down, std::chrono::seconds(10));  // the default
  EXPECT_EQ(keystone[2].kind, HealthCheck::Kind::mesh);
  EXPECT_EQ(keystone[2].interval, std::chrono::seconds(1));
  EXPECT_EQ(describe(keystone[3]), "dep memcached@local");
  EXPECT_EQ(describe(keystone[4]), "dep mysql@any");
  EXPECT_EQ(keystone[5].dep_service, "rabbitmq");
  EXPECT_EQ(keystone[5].dep_scope, HealthCheck::Scope::any);
  EXPECT_EQ(keystone[5].fall, 5);
  EXPECT_EQ(keystone[3].marks.of("dep").line, 11);
}

TEST(SiteLoader, ReportsYamlSyntaxErrorsWithTheirPlace) {
  auto result = load_site_from_string("site: s\nnetworks: {mgmt: [1, 2}\n", "syntax.yaml");
  EXPECT_FALSE(result.site);
  ASSERT_EQ(result.diagnostics.error_count(), 1u);
  const auto& d = result.diagnostics.items()[0];
  EXPECT_EQ(d.mark.file, "syntax.yaml");
  EXPECT_EQ(d.mark.line, 2);
  EXPECT_GT(d.mark.column, 0);
  EXPECT_NE(d.message.find("YAML syntax error"), std::string::npos);
  EXPECT_FALSE(d.hint.empty());
}

TEST(SiteLoader, RejectsDeepNestingBeforeParsing) {
  const std::string deep = "site: s\nhosts: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  auto result = load_site_from_string(deep, "deep.yaml");
  EXPECT_FALSE(result.site);
  ASSERT_EQ(result.diagnostics.error_count(), 1u);
  EXPECT_EQ(result.diagnostics.items()[0].mark.line, 2);
  EXPECT_NE(result.diagnostics.items()[0].message.find("nests deeper than 64"), std::string::npos);
}

TEST(SiteLoader, RejectsDeepBlockNesting) {
  std::string deep = "site: s\n";
  for (int i = 0; i < 200; ++i) deep += std::string(static_cast<size_t>(i) * 2, ' ') + "k" + std::to_string(i) + ":\n";
  auto result = load_site_from_string(deep, "deep.yaml");
  EXPECT_FALSE(result.site);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("nests deeper"), std::string::npos);
}

TEST(SiteLoader, EmptyAndNonMappingDocumentsAreErrors) {
  for (const char* text : {"", "# only a comment\n", "---\n"}) {
    auto result = load_site_from_string(text, "e.yaml");
    EXPECT_TRUE(result.diagnostics.has_errors()) << text;
    EXPECT_NE(format_diagnostics(result.diagnostics).find("empty"), std::string::npos) << text;
  }
  auto list = load_site_from_string("- a\n- b\n", "l.yaml");
  ASSERT_TRUE(list.diagnostics.has_errors());
  EXPECT_NE(list.diagnostics.items()[0].message.find("must be a mapping"), std::string::npos);
}

TEST(SiteLoader, SecondDocumentIsAnError) {
  auto result = load_site_from_string("site: a\n---\nsite: b\n", "two.yaml");
  ASSERT_TRUE(result.diagnostics.has_errors());
  EXPECT_NE(result.diagnostics.items()[0].message.find("more than one YAML document"), std::string::npos);
}

TEST(SiteLoader, StrayTopLevelCommaIsReportedNotLoopedOn) {
  // yaml-cpp 0.7's LoadAll never returns on these (found by the fuzzer).
  for (const char* text : {",", "site: s\n,", "{site: s},", "\"x\",", "--- ,"}) {
    auto result = load_site_from_string(text, "comma.yaml");
    EXPECT_TRUE(result.diagnostics.has_errors()) << text;
  }
  auto result = load_site_from_string("{site: s},\n", "comma.yaml");
  ASSERT_TRUE(result.diagnostics.has_errors());
  EXPECT_NE(format_diagnostics(result.diagnostics).find("stray text after the first"), std::string::npos)
      << format_diagnostics(result.diagnostics);
}

TEST(SiteLoader, AliasBombsStopAtTheNodeBudget) {
  // 300 hosts x 300 NICs x 300 networks through aliases: 27 million entries from a 10 kB file.
  auto repeat = [](const std::string& item) {
    std::string out = "[";
    for (int i = 0; i < 300; ++i) out += (i ? ", " : "") + item;
    return out + "]";
  };
  std::string bomb = "site: s\nnetworks: {mgmt: {cidr: 10.0.0.0/24}}\n";
  bomb += "x: &n " + repeat("mgmt") + "\n";
  bomb += "y: &c {name: e, switch: s, port: p, networks: *n}\n";
  bomb += "z: &l " + repeat("*c") + "\n";
  bomb += "w: &h {name: h, id: 1, nics: *l}\n";
  bomb += "hosts: " + repeat("*h") + "\n";
  ASSERT_LT(bomb.size(), 20000u);
  const auto diagnostics = testing::check_text(bomb);
  EXPECT_NE(format_diagnostics(diagnostics).find("too large to check"), std::string::npos);
}

TEST(SiteLoader, MissingFileIsReportedNotThrown) {
  auto result = load_site_from_file("/nonexistent/site.yaml");
  EXPECT_FALSE(result.site);
  ASSERT_EQ(result.diagnostics.error_count(), 1u);
  EXPECT_NE(result.diagnostics.items()[0].message.find("cannot open"), std::string::npos);
  EXPECT_FALSE(result.diagnostics.items()[0].hint.empty());
}

}  // namespace
}  // namespace netkeel::site
