#include "netkeel/ha/dependency_tree.hpp"

#include <set>

namespace netkeel::ha {

namespace {

class TreePrinter {
 public:
  TreePrinter(const site::Site& site, const std::vector<InstanceJudgement>& judged, std::string indent)
      : site_(site), judged_(judged), indent_(std::move(indent)) {}

  std::string print() {
    std::set<std::string> depended_on;
    for (const auto& service : site_.services)
      for (const auto& d : dependencies_of(service)) depended_on.insert(d.service);
    for (const auto& service : site_.services)
      if (!depended_on.count(service.name)) node(service.name, "", "", "", true);
    return out_;
  }

 private:
  // One service's line (and its reason line), then its dependencies below it.
  void node(const std::string& name, const std::string& suffix, const std::string& prefix,
            const std::string& branch, bool root) {
    std::string instances, reason;
    bool reported = false;
    for (const auto& j : judged_) {
      if (j.service != name) continue;
      reported = true;
      instances += (instances.empty() ? "" : ", ") + j.host + " " + to_string(j.health);
      if (reason.empty() && j.health != InstanceHealth::healthy) reason = j.host + ": " + j.reason;
    }
    const std::string health = reported ? to_string(service_health(judged_, name)) : "not kept (no VIP keeper reports)";
    out_ += indent_ + prefix + branch + name + suffix + "  " + health + (reported ? "  [" + instances + "]" : "") + "\n";
    const std::string below = prefix + (root ? "" : (branch == "└─ " ? "   " : "│  "));
    const site::Service* service = site_.find_service(name);
    const auto dependencies = service ? dependencies_of(*service) : std::vector<ServiceDependency>{};
    if (!reason.empty() && service_health(judged_, name) != InstanceHealth::healthy)
      out_ += indent_ + below + (dependencies.empty() ? "   " : "│  ") + "  " + reason + "\n";
    if (!path_.insert(name).second) return;  // a cycle (refused by the validator): stop
    for (std::size_t i = 0; i < dependencies.size(); ++i)
      node(dependencies[i].service, dependencies[i].local ? "@local" : "", below,
           i + 1 == dependencies.size() ? "└─ " : "├─ ", false);
    path_.erase(name);
  }

  const site::Site& site_;
  const std::vector<InstanceJudgement>& judged_;
  std::string indent_;
  std::set<std::string> path_;
  std::string out_;
};

}  // namespace

std::string dependency_tree_text(const site::Site& site, const std::vector<InstanceJudgement>& judged,
                                 const std::string& indent) {
  return TreePrinter(site, judged, indent).print();
}

}  // namespace netkeel::ha
