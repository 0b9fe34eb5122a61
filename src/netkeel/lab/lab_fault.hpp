#pragma once
// A fault request -> the commands that inject it and the commands that undo it, computed from the
// lab's manifest. Pure: the runner records the undo commands in the manifest, then runs the others.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "netkeel/lab/lab_state.hpp"

namespace netkeel::lab {

struct FaultRequest {
  enum class Kind { link_down, switch_down, host_down, loss, partition, flap, service_down } kind = Kind::link_down;
  std::string target;        // link-down, loss, flap: HOST:NIC or SWITCH:PORT; switch-down: SWITCH; host-down: HOST;
                             // partition: the first group ("h1,h2" or "rack:r1"); service-down: SERVICE[@HOST]
  double percent = 0;        // loss: 0 < percent <= 100
  enum class Direction { in, out, both } direction = Direction::both;  // loss, seen from the target end
  std::string other_group;   // partition: the second group
  std::string network;       // partition: only this network's addresses (empty = every network)
  int per_minute = 0;        // flap: down/up cycles per minute
  std::chrono::milliseconds duration{0};  // flap: how long it flaps
};

struct FaultPlan {
  std::string description;
  std::vector<std::vector<std::string>> inject;
  std::vector<std::vector<std::string>> undo;
  std::string stop_processes_in;  // host-down: the namespace whose processes the runner stops (SIGSTOP)...
  std::string frozen_host;        // ...and its host, recorded with the fault for `lab status`
  // flap: the runner starts a driver service (`netkeel lab flap-driver`) on this interface...
  std::string flap_netns, flap_ifname;
  // ...which heal stops (it is a lab service, so `lab down` stops it too).
  std::vector<std::string> stop_services;
  // service-down: the services the runner kills now and heal starts again.
  std::vector<std::string> restart_services;
};

// Throws UsageError naming the unknown target and how to list valid ones.
FaultPlan plan_fault(const LabManifest& lab, const FaultRequest& request, const std::string& fault_id);

// The hosts a host-down fault has frozen, each with that fault's id: their processes (agent, keeper,
// OVS) are stopped, not gone, so `lab status` must not take "the pid exists" for "it runs".
std::map<std::string, std::string> hosts_down(const LabManifest& lab);

FaultRequest::Kind parse_fault_kind(const std::string& text);            // throws UsageError
FaultRequest::Direction parse_fault_direction(const std::string& text);  // throws UsageError

}  // namespace netkeel::lab
