#pragma once
// `netkeel diagnose vm DOMAIN` and GET /api/v1/diagnose/vm (docs/diagnose.md): the workload question "is it
// the network?". A VM's interfaces (drops and errors from libvirt, as the agent ships them), its host's
// diagnosis (NICs, TCP/IP stack, probes), each against the hour before, and a plain verdict. Pure.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/host_diagnosis.hpp"

namespace netkeel::analyze {

struct VmInterface {
  std::string name;  // the host-side device, vnet3
  std::string mac;   // the guest's MAC
  std::vector<CounterPace> counters;  // receive/transmit packets, errors, drops
};

struct VmDiagnosis {
  std::string domain, uuid;
  double window_s = 0, baseline_s = 0;
  std::vector<VmInterface> interfaces;
  HostDiagnosis host;  // the host it runs on
  std::string verdict;
};

// The VM's own trouble weighs first (its interface drops or errors rising), then its host's verdict.
std::string vm_verdict(const VmDiagnosis& diagnosis);

nlohmann::json vm_diagnosis_json(const VmDiagnosis& diagnosis);
// The table for a terminal, from that JSON; throws nlohmann::json::exception when it lacks what it needs.
std::string vm_diagnosis_table(const nlohmann::json& json);

}  // namespace netkeel::analyze
