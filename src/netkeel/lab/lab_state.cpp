#include "netkeel/lab/lab_state.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"

namespace netkeel::lab {

// An unknown word (a manifest of a newer netkeel) reads as creating: `lab down` still removes it.
NLOHMANN_JSON_SERIALIZE_ENUM(LabPhase, {{LabPhase::creating, "creating"},
                                        {LabPhase::up, "up"},
                                        {LabPhase::failed, "failed"},
                                        {LabPhase::removing, "removing"}})

std::string to_string(LabPhase phase) { return nlohmann::json(phase).get<std::string>(); }

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OvsRecord, owner, netns, dir)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HostRecord, name, netns, backend, reason, configuration, rack,
                                                addresses)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SwitchRecord, name, netns, members, bonds)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LinkRecord, id, role, a_netns, a_ifname, b_netns, b_ifname,
                                                a_switch, b_switch, site_port)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FaultRecord, id, description, undo, stop_services,
                                                restart_services, frozen_host)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ServiceRecord, name, host, netns, argv, log, pid, start_ticks,
                                                started_unix, wanted, fault)
// WITH_DEFAULT: a manifest written by an older netkeel (fewer fields) still loads, so `down` works.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LabManifest, lab, site_file, site, phase, namespaces, ovs, hosts,
                                                switches, links, faults, next_fault, services)

namespace {
constexpr const char* kManifestFile = "manifest.json";
}  // namespace

HostRecord* LabManifest::find_host(const std::string& name) {
  auto it = std::find_if(hosts.begin(), hosts.end(), [&](const HostRecord& h) { return h.name == name; });
  return it == hosts.end() ? nullptr : &*it;
}

ServiceRecord* LabManifest::find_service(const std::string& id) {
  auto it = std::find_if(services.begin(), services.end(), [&](const ServiceRecord& s) { return s.id() == id; });
  return it == services.end() ? nullptr : &*it;
}

bool LabStore::exists(const std::string& lab) const { return std::filesystem::exists(dir(lab)); }

LabManifest LabStore::load(const std::string& lab) const {
  auto path = dir(lab) / kManifestFile;
  std::ifstream in(path);
  if (!in) throw RuntimeError("lab " + lab + ": cannot read " + path.string());
  try {
    return nlohmann::json::parse(in).get<LabManifest>();
  } catch (const nlohmann::json::exception& e) {
    throw RuntimeError("lab " + lab + ": " + path.string() + " is damaged: " + e.what());
  }
}

void LabStore::save(const LabManifest& manifest) const {
  auto d = dir(manifest.lab);
  std::error_code ec;
  std::filesystem::create_directories(d, ec);
  if (ec) throw RuntimeError("cannot create " + d.string() + ": " + ec.message());
  auto tmp = d / (std::string(kManifestFile) + ".tmp");
  std::string text = nlohmann::json(manifest).dump(2) + "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw RuntimeError("cannot write " + tmp.string());
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), (d / kManifestFile).c_str()) != 0)
    throw RuntimeError("cannot write " + (d / kManifestFile).string());
}

std::vector<std::string> LabStore::list() const {
  std::vector<std::string> labs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root_, ec))
    if (entry.is_directory()) labs.push_back(entry.path().filename().string());
  std::sort(labs.begin(), labs.end());
  return labs;
}

void LabStore::remove(const std::string& lab) const {
  std::error_code ec;
  std::filesystem::remove_all(dir(lab), ec);
  if (ec) throw RuntimeError("cannot remove " + dir(lab).string() + ": " + ec.message());
}

}  // namespace netkeel::lab
