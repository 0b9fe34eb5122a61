#pragma once
// What the alert rules know of the site: the hosts and which switch each NIC is cabled to. Empty when the
// server runs without --site: the rules then learn hosts from the batches and cannot name switches.
#include <memory>
#include <string>
#include <vector>

#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::analyze {

struct CabledNic {
  std::string nic;          // eno1
  std::string switch_name;  // tor1
  std::string port;         // Eth1/3
};

struct TopologyHost {
  std::string name;
  std::vector<CabledNic> nics;
};

struct AlertTopology {
  std::vector<TopologyHost> hosts;  // in site order
  // Every network's probe paths, for the localization that names loss, partition and switch-down alerts'
  // culprits (alert_localizer.hpp); null without a site (or when a test builds the hosts by hand).
  std::shared_ptr<const SiteProbePaths> probe_paths;

  bool empty() const { return hosts.empty(); }
  const TopologyHost* find_host(const std::string& name) const;
  const CabledNic* find_nic(const std::string& host, const std::string& nic) const;
  // Hosts every NIC of which is cabled to `switch_name` (and that have a NIC): they lose everything
  // when it goes down.
  std::vector<std::string> hosts_only_on(const std::string& switch_name) const;
  std::vector<std::string> switches() const;  // sorted, unique
};

AlertTopology alert_topology_from_site(const site::Site& site);

}  // namespace netkeel::analyze
