#pragma once
// Everything `netkeel keeper` runs on one host: for each service whose VIP this host may hold, a
// VipKeeper on its own thread with its own etcd client, kernel VIP holder (macvlan on the kernel
// backend, an OVS internal port on the OVS backend) and the instance's checks (one health monitor per own
// check); one nftables fence shared by all of them; and the reports `netkeel keep status` reads, which
// are also how each keeper judges its instances' dependencies. Built from the site and plan, like `apply`.
#include <functional>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/ha/keeper_status.hpp"
#include "netkeel/ha/ownership_parameters.hpp"
#include "netkeel/ha/vip_placement.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

struct HostKeeperOptions {
  std::string host;
  std::vector<std::string> etcd_members;  // client URLs
  OwnershipParameters parameters;
  site::Backend backend = site::Backend::kernel;
  std::string ovs_db;                      // the OVS backend's ovsdb-server (ovs-vsctl --db)
  std::string agent_metrics_url = "http://127.0.0.1:9947/metrics";  // mesh checks read the agent's probes here
  std::string server_url;                  // health and move events go to this server's ingest ("" = none)
  std::string server_token;                // its site token
  std::function<void(const std::string&)> log;
};

class HostKeeper {
 public:
  // Throws UsageError when the host is unknown or no VIP may live on it, RuntimeError when the kernel
  // refuses the fence.
  HostKeeper(const site::Site& site, const plan::ClusterPlan& plan, HostKeeperOptions options, const Clock& clock);
  ~HostKeeper();
  HostKeeper(const HostKeeper&) = delete;
  HostKeeper& operator=(const HostKeeper&) = delete;

  void start();
  // Every VIP released and its key freed (or the store found away), the fence removed. Idempotent.
  void stop();

  std::vector<std::string> services() const;
  std::vector<KeeperStatus> statuses() const;
  // Writes the reports that changed (or every REFRESH) to the store, then reads every keeper's reports
  // and judges this host's instances with them (dependencies; health changes are logged); never throws.
  void publish_reports();
  // Reads the VIP keys, the keepers' reports and the admin keys, and passes each VipKeeper its claim rank
  // in the placement (keep mode), whether this host may claim (not drained), and any handover asked of
  // it; never throws (logged). Called from the same loop as publish_reports.
  void follow_admin();
  // The keeper's /metrics page (docs/keep.md lists every family).
  std::string metrics_text() const;

 private:
  struct Vip;
  KeeperReport own_report(Vip& vip, SteadyTime now, WallTime wall) const;
  void judge_dependencies(const std::vector<KeeperReport>& own);
  void count_releases(Vip& vip);

  const site::Site& site_file_;
  std::string site_;
  PlacementInput placement_base_;  // the site file's part of the placement input
  HostKeeperOptions options_;
  const Clock& clock_;
  struct Shared;
  std::unique_ptr<Shared> shared_;
  std::vector<std::unique_ptr<Vip>> vips_;
  bool started_ = false;
  std::atomic<int> drained_{-1};  // follow_admin's last view of this host's drain: -1 not read yet, 0, 1
};

}  // namespace netkeel::ha
