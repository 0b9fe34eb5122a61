#pragma once
// How `netkeel apply` reaches a lab's host the way `lab up` configured it: the host's namespace, its
// backend, its own OVS database (OVS backend) and the lab's apply state directory, which holds the
// ownership record that says what netkeel created there. With another state directory apply would not
// know that it created the lab's bonds and VLANs. Pure, but for lab_apply_target_of_netns.
#include <filesystem>
#include <optional>
#include <string>

#include "netkeel/lab/lab_state.hpp"

namespace netkeel::lab {

struct LabApplyTarget {
  std::string lab;
  std::string host;
  std::string netns;
  std::string backend;    // kernel | ovs
  std::string ovs_db;     // ovs: "unix:<the host's OVS dir>/db.sock"; kernel: empty
  std::string state_dir;  // <lab dir>/apply
  std::string site_file;  // the site file the lab was built from
};

// The ovs-vsctl --db target of an OVS instance kept in `dir`.
std::string ovs_db_target(const std::string& dir);
// The OVS database of a lab host (its OvsRecord); empty when the host has none (kernel backend).
std::string lab_host_ovs_db(const LabManifest& m, const std::string& host);
// Where the lab's hosts keep apply's ownership records and confirmation files.
std::filesystem::path lab_apply_state_dir(const std::filesystem::path& lab_dir);

// Throws UsageError naming the lab's hosts when it has no host `host`.
LabApplyTarget lab_apply_target(const LabManifest& m, const std::filesystem::path& lab_dir, const std::string& host);

// The lab host whose namespace is `netns`, when a lab on this machine has one.
std::optional<LabApplyTarget> lab_apply_target_of_netns(const LabStore& store, const std::string& netns);

}  // namespace netkeel::lab
