#pragma once
// Everything `netkeel keeper` runs on one host: for each service whose VIP this host may hold, a
// VipKeeper on its own thread with its own etcd client, kernel VIP holder (macvlan on the kernel
// backend, an OVS internal port on the OVS backend) and the instance's checks (one health monitor per own
// check); one nftables fence shared by all of them; and the reports `netkeel keep status` reads, which
// are also how each keeper judges its instances' dependencies. Built from the site and plan, like `apply`;
// a new version of the site is taken live (apply_site, keeper_site_change.hpp). The parts come from
// KernelKeeperParts unless the options give others (unit tests).
#include <cstdint>
#include <functional>
#include <map>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/keeper_parts.hpp"
#include "netkeel/ha/keeper_site_change.hpp"
#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/ha/keeper_status.hpp"
#include "netkeel/ha/ownership_parameters.hpp"
#include "netkeel/ha/vip_placement.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

// The event a keeper sends when it takes, or refuses, a new version of the site.
inline constexpr const char* kKeeperSiteReloadKind = "keeper_site_reload";

// A version of the site as the server numbers it (X-Netkeel-Site-Version; 0 for a local file or a
// cached copy, which carry no number) and its text's SHA-256.
struct SiteVersion {
  std::int64_t number = 0;
  std::string sha256;
};

struct HostKeeperOptions {
  std::string host;
  std::vector<std::string> etcd_members;  // client URLs
  OwnershipParameters parameters;
  site::Backend backend = site::Backend::kernel;
  bool backend_forced = false;             // given by --backend: the site's backend for this host does not matter
  std::string ovs_db;                      // the OVS backend's ovsdb-server (ovs-vsctl --db)
  std::string agent_metrics_url = "http://127.0.0.1:9947/metrics";  // mesh checks read the agent's probes here
  std::string server_url;                  // health and move events go to this server's ingest ("" = none)
  std::string server_token;                // its site token
  std::function<void(const std::string&)> log;
  KeeperParts* parts = nullptr;            // nullptr: the real ones (KernelKeeperParts); unit tests give fakes
  // false: nothing runs on a thread of its own; step_vips() drives the VIP keepers and the caller the
  // checks (unit tests, on a fake clock).
  bool threads = true;
  SiteVersion site_version;                // the version the keeper starts on (netkeel_keeper_site_version)
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

  // Takes a new version of the site live: stops, starts or rebuilds this host's VIP keepers as
  // keeper_site_change says, then runs on VERSION. A refused version changes nothing (the keeper keeps
  // the one it runs). Either way it is logged, counted on /metrics and sent as a keeper_site_reload event.
  // Called from the loop that calls publish_reports; never throws.
  KeeperSiteChange apply_site(const site::Site& site, const plan::ClusterPlan& plan, const SiteVersion& version);
  // A version that is not a valid site at all (its diagnostics already logged): counted and sent as an event.
  void refuse_invalid_site(const SiteVersion& version);
  SiteVersion site_version() const;

  // With options.threads false: one VipKeeper::step() of every VIP keeper.
  void step_vips();

 private:
  struct Vip;
  KeeperReport own_report(Vip& vip, SteadyTime now, WallTime wall) const;
  void judge_dependencies(const std::vector<KeeperReport>& own);
  void count_releases(Vip& vip);
  std::unique_ptr<Vip> make_vip(const std::string& service) const;  // from site_file_ and plan_
  void start_vip(Vip& vip);
  void stop_vip(Vip& vip);           // released, its key freed (or the store found away)
  void forget_report(const std::string& service);
  void settle_checks();
  void record_reload(const std::string& result, const SiteVersion& version, const std::string& line);

  site::Site site_file_;           // the version running; only the caller's loop reads or replaces it
  plan::ClusterPlan plan_;
  std::string site_;
  PlacementInput placement_base_;  // the site file's part of the placement input
  HostKeeperOptions options_;
  const Clock& clock_;
  std::unique_ptr<KeeperParts> own_parts_;  // when options_.parts is nullptr
  KeeperParts& parts_;
  struct Shared;
  std::unique_ptr<Shared> shared_;
  mutable std::mutex vips_mutex_;  // vips_ changes (apply_site) while /metrics reads it
  std::vector<std::unique_ptr<Vip>> vips_;
  bool started_ = false;
  mutable std::mutex site_mutex_;  // guards version_ and reloads_ (read by /metrics)
  SiteVersion version_;
  std::map<std::string, std::uint64_t> reloads_;  // by result: applied, refused, invalid
  std::atomic<int> drained_{-1};  // follow_admin's last view of this host's drain: -1 not read yet, 0, 1
};

}  // namespace netkeel::ha
