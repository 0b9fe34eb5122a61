#include "netkeel/cli/keep_operations.hpp"

#include "netkeel/cli/keep_snapshot.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/ha/keep_admin.hpp"
#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/ha/vip_candidates.hpp"
#include "netkeel/ha/vip_placement.hpp"

namespace netkeel::cli {

namespace {

using Steady = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(50);

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Sets KEY to VALUE whatever it holds now.
void put(ha::KeyValueStore& store, const std::string& key, const std::string& value) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto current = store.get(key);
    if (store.compare_and_set(key, value, current ? current->mod_revision : 0).succeeded) return;
  }
  throw RuntimeError("cannot write " + key + ": it keeps changing");
}

void remove(ha::KeyValueStore& store, const std::string& key) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto current = store.get(key);
    if (!current || store.compare_and_delete(key, current->mod_revision).succeeded) return;
  }
}

class Operator {
 public:
  Operator(const PlannedSite& planned, ha::KeyValueStore& store, const KeepOperation& operation)
      : planned_(planned),
        site_(planned.plan.site),
        store_(store),
        operation_(operation),
        who_(operator_identity()),
        deadline_(Steady::now() + operation.deadline) {}

  int run() {
    if (operation_.verb == "drain") return drain();
    if (operation_.verb == "undrain") return undrain();
    if (operation_.verb == "move") return move();
    return rebalance();
  }

 private:
  int drain() {
    require_host(operation_.host);
    put(store_, ha::drain_key(site_, operation_.host), ha::to_json(ha::AdminRequest{who_, now_unix_ms(), "", cause()}));
    record("", "", "", "done");
    std::printf("drain %s: it claims no VIP until `netkeel keep undrain %s`\n", operation_.host.c_str(),
                operation_.host.c_str());
    while (true) {
      const KeepSnapshot s = read_keep_snapshot(store_, site_);
      std::string service;
      for (const auto& [name, holder] : s.holders)
        if (holder == operation_.host) {
          service = name;
          break;
        }
      if (service.empty()) break;
      const ha::Placement ideal = ha::place_vips(observed_placement_input(planned_, s), ha::PlacementMode::balance);
      const ha::ServicePlacement* target = ideal.find(service);
      if (!target || target->host.empty() || target->host == operation_.host) {
        return fail(service, operation_.host, "",
                    fmt::format("no other healthy, undrained host may hold {} (its hosts: {}); {} keeps it", service,
                                candidates_text(service), operation_.host));
      }
      if (!hand_over(service, operation_.host, target->host)) return kExitRuntimeFailure;
    }
    std::printf("%s drained: it holds no VIP\n", operation_.host.c_str());
    return kExitOk;
  }

  int undrain() {
    require_host(operation_.host);
    remove(store_, ha::drain_key(site_, operation_.host));
    record("", "", "", "done");
    std::printf("undrain %s: it may claim VIPs again (none moves back by itself; `netkeel keep rebalance` does)\n",
                operation_.host.c_str());
    return kExitOk;
  }

  int move() {
    require_host(operation_.host);
    const site::Service* service = planned_.site.find_service(operation_.service);
    const bool has_vip = std::any_of(planned_.plan.vips.begin(), planned_.plan.vips.end(),
                                     [&](const plan::VipPlan& vip) { return vip.service == operation_.service; });
    if (!service || !has_vip)
      throw UsageError("service '" + operation_.service + "' has no VIP in " + planned_.site.file);
    const KeepSnapshot s = read_keep_snapshot(store_, site_);
    const auto holder = s.holders.find(operation_.service);
    if (holder != s.holders.end() && holder->second == operation_.host) {
      std::printf("%s is already on %s\n", operation_.service.c_str(), operation_.host.c_str());
      return kExitOk;
    }
    const std::string from = holder == s.holders.end() ? "" : holder->second;
    const auto candidates = ha::vip_candidates(*service, planned_.plan);
    std::string why;
    if (std::find(candidates.begin(), candidates.end(), operation_.host) == candidates.end())
      why = fmt::format("{} may not run {} (its hosts: {})", operation_.host, operation_.service,
                        candidates_text(operation_.service));
    else if (s.admin.drained.count(operation_.host))
      why = fmt::format("{} is drained; `netkeel keep undrain {}` first", operation_.host, operation_.host);
    else if (observed_placement_input(planned_, s).failed.count({operation_.service, operation_.host}))
      why = fmt::format("{} has no healthy instance on {} (its check fails, or no keeper reports it)",
                        operation_.service, operation_.host);
    else if (from.empty())
      why = fmt::format("no host holds {} now: its keepers place it themselves", operation_.service);
    if (!why.empty()) return fail(operation_.service, from, operation_.host, why);
    return hand_over(operation_.service, from, operation_.host) ? kExitOk : kExitRuntimeFailure;
  }

  int rebalance() {
    int moved = 0;
    // Each move changes the holders; the ideal is computed again after it. Never more moves than VIPs
    // twice over, so two disagreeing inputs cannot loop.
    for (std::size_t round = 0; round < 2 * planned_.plan.vips.size() + 1; ++round) {
      const KeepSnapshot s = read_keep_snapshot(store_, site_);
      const ha::Placement ideal = ha::place_vips(observed_placement_input(planned_, s), ha::PlacementMode::balance);
      const ha::ServicePlacement* next = nullptr;
      for (const auto& placement : ideal.services) {
        const auto holder = s.holders.find(placement.service);
        if (holder != s.holders.end() && !placement.host.empty() && placement.host != holder->second) {
          next = &placement;
          break;
        }
      }
      if (!next) {
        std::printf("balanced: %d VIP%s moved\n", moved, moved == 1 ? "" : "s");
        record("", "", "", fmt::format("done: {} moved", moved));
        return kExitOk;
      }
      if (!hand_over(next->service, s.holders.at(next->service), next->host)) return kExitRuntimeFailure;
      ++moved;
    }
    return fail("", "", "", "the ideal placement kept changing while moving; run it again");
  }

  // Whether TO's keeper reports the VIP of SERVICE on its host (its device and address are there).
  bool vip_on(const std::string& service, const std::string& to) {
    const auto key = store_.get(ha::keeper_report_key(site_, service, to));
    const auto report = key ? ha::parse_keeper_report(key->value) : std::nullopt;
    return report && report->vip_held;
  }

  // Asks FROM to hand SERVICE to TO and waits until the key names TO and TO's keeper reports the VIP on
  // its host: the next handover starts only once this one is done, so two never overlap. False
  // (reported) when it did not.
  bool hand_over(const std::string& service, const std::string& from, const std::string& to) {
    const auto started = Steady::now();
    const auto until = std::min(deadline_, started + operation_.settle);
    put(store_, ha::move_key(site_, service), ha::to_json(ha::AdminRequest{who_, now_unix_ms(), to, cause()}));
    std::string value;
    bool held = false;
    while (Steady::now() < until) {
      const auto key = store_.get(ha::vip_key(site_, service));
      value = key ? key->value : "";
      if (value == to && (held = vip_on(service, to))) break;
      std::this_thread::sleep_for(kPoll);
    }
    remove(store_, ha::move_key(site_, service));
    const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
    if (value != to || !held) {
      fail(service, from, to,
           value != to ? fmt::format("{} did not reach {} within {:.1f} s (the key says '{}'); is {}'s keeper running?",
                                     service, to, std::chrono::duration<double>(until - started).count(), value, to)
                       : fmt::format("{}'s key names {}, but its keeper did not report the VIP on its host within "
                                     "{:.1f} s; see `netkeel keep status`", service, to,
                                     std::chrono::duration<double>(until - started).count()));
      return false;
    }
    record(service, from, to, "done");
    std::printf("  %-16s %s -> %s  settled in %.2f s\n", service.c_str(), from.c_str(), to.c_str(), seconds);
    std::fflush(stdout);
    return true;
  }

  int fail(const std::string& service, const std::string& from, const std::string& to, const std::string& why) {
    record(service, from, to, "failed: " + why);
    std::fprintf(stderr, "netkeel keep %s: %s\n", operation_.verb.c_str(), why.c_str());
    return kExitRuntimeFailure;
  }

  void record(const std::string& service, const std::string& from, const std::string& to, const std::string& result) {
    const std::int64_t at = now_unix_ms();
    const ha::OperationRecord r{at, who_, operation_.verb, service, from, to, cause(), result};
    try {
      put(store_, ha::history_key(site_, at, sequence_++), ha::to_json(r));
    } catch (const RuntimeError& e) {
      std::fprintf(stderr, "netkeel keep %s: cannot record the history: %s\n", operation_.verb.c_str(), e.what());
    }
  }

  std::string cause() const {
    if (operation_.verb == "move") return "move " + operation_.service + " " + operation_.host;
    if (operation_.verb == "rebalance") return "rebalance";
    return operation_.verb + " " + operation_.host;
  }

  std::string candidates_text(const std::string& service) const {
    const site::Service* s = planned_.site.find_service(service);
    if (!s) return "-";
    std::string out;
    for (const auto& host : ha::vip_candidates(*s, planned_.plan)) out += (out.empty() ? "" : ", ") + host;
    return out;
  }

  void require_host(const std::string& host) const {
    if (!planned_.site.find_host(host)) throw UsageError("host '" + host + "' is not in " + planned_.site.file);
  }

  const PlannedSite& planned_;
  std::string site_;
  ha::KeyValueStore& store_;
  const KeepOperation& operation_;
  std::string who_;
  Steady::time_point deadline_;
  int sequence_ = 0;
};

}  // namespace

std::string operator_identity() {
  std::string user;
  if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo) user = sudo;
  if (user.empty()) {
    if (const passwd* pw = getpwuid(geteuid())) user = pw->pw_name;
  }
  if (user.empty()) user = std::to_string(geteuid());
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return user + "@" + (host[0] ? host : "unknown");
}

int run_keep_operation(const PlannedSite& planned, const KeepSource& source, const KeepOperation& operation) {
  int code = kExitRuntimeFailure;
  with_keep_store(source, [&](ha::KeyValueStore& store) { code = Operator(planned, store, operation).run(); });
  return code;
}

}  // namespace netkeel::cli
