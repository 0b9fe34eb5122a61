#include "netkeel/lab/lab_apply_target.hpp"

#include "netkeel/core/error.hpp"

namespace netkeel::lab {

std::string ovs_db_target(const std::string& dir) { return "unix:" + dir + "/db.sock"; }

std::string lab_host_ovs_db(const LabManifest& m, const std::string& host) {
  for (const auto& o : m.ovs)
    if (o.owner == host) return ovs_db_target(o.dir);
  return "";
}

std::filesystem::path lab_apply_state_dir(const std::filesystem::path& lab_dir) { return lab_dir / "apply"; }

LabApplyTarget lab_apply_target(const LabManifest& m, const std::filesystem::path& lab_dir, const std::string& host) {
  for (const HostRecord& h : m.hosts) {
    if (h.name != host) continue;
    const std::string ovs_db = h.backend == "ovs" ? lab_host_ovs_db(m, h.name) : "";
    return {m.lab, h.name, h.netns, h.backend, ovs_db, lab_apply_state_dir(lab_dir).string(), m.site_file};
  }
  std::string names;
  for (const HostRecord& h : m.hosts) names += (names.empty() ? "" : ", ") + h.name;
  throw UsageError("lab " + m.lab + " has no host '" + host + "'; its hosts: " + names);
}

std::optional<LabApplyTarget> lab_apply_target_of_netns(const LabStore& store, const std::string& netns) {
  for (const std::string& lab : store.list()) {
    LabManifest m;
    try {
      m = store.load(lab);
    } catch (const std::exception&) {
      continue;  // a lab half made or half removed: not one to apply into
    }
    for (const HostRecord& h : m.hosts) {
      if (h.netns == netns) return lab_apply_target(m, store.dir(lab), h.name);
    }
  }
  return std::nullopt;
}

}  // namespace netkeel::lab
