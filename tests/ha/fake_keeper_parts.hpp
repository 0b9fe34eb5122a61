#pragma once
// KeeperParts for unit tests: every store client is the one FakeKeyValueStore, every holder a
// RecordingVipHolder kept here (so a test can look at a holder after the keeper dropped it), and every
// own check a HealthMonitor over a probe whose answer the test sets per service and drives (check_once).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fakes/core/fake_clock.hpp"
#include "fakes/ha/fake_key_value_store.hpp"
#include "netkeel/ha/health_monitor.hpp"
#include "netkeel/ha/keeper_parts.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "recording_vip_holder.hpp"

namespace netkeel::ha::testing {

class FakeKeeperParts final : public KeeperParts {
 public:
  FakeKeeperParts(FakeKeyValueStore& store, const FakeClock& clock) : store_(store), clock_(clock) {}

  std::unique_ptr<KeyValueStore> store() override { return std::make_unique<SharedStore>(store_); }
  std::unique_ptr<VipHolder> holder(const VipHolderSpec& spec) override {
    holders[spec.service].push_back(std::make_unique<RecordingVipHolder>(clock_, log));
    specs[spec.service].push_back(spec);
    return std::make_unique<HolderProxy>(*holders[spec.service].back());
  }
  std::unique_ptr<InstanceChecks> checks(const site::Site&, const site::Service& service) override {
    auto checks = std::make_unique<InstanceChecks>(clock_, std::nullopt);
    for (const auto& check : service.checks) {
      if (!check.is_own()) continue;
      auto alive = std::make_shared<bool>(true);
      auto monitor = std::make_unique<HealthMonitor>(
          std::make_unique<Probe>(passing_[service.name], alive, site::describe(check)),
          HealthTiming{check.interval, check.timeout, check.fall, check.rise}, clock_);
      monitors_.push_back({alive, monitor.get()});
      checks->add(std::move(monitor));
    }
    ++checks_built[service.name];
    return checks;
  }
  void install_fence() override { ++fence_installs; }
  void remove_fence() override { ++fence_removals; }
  std::unique_ptr<http::HttpClient> event_client() override { return std::make_unique<http::FakeHttpClient>(); }

  // What SERVICE's own checks answer from now on (all pass until told otherwise).
  void set_passing(const std::string& service, bool passing) { *passing_[service] = passing; }
  // One check of every monitor that still exists.
  void check_all() {
    for (auto& [alive, monitor] : monitors_)
      if (*alive) monitor->check_once();
  }
  RecordingVipHolder& latest_holder(const std::string& service) { return *holders.at(service).back(); }

  std::map<std::string, std::vector<std::unique_ptr<RecordingVipHolder>>> holders;  // every holder ever built
  std::map<std::string, std::vector<VipHolderSpec>> specs;
  std::map<std::string, int> checks_built;
  std::vector<std::string> log;
  int fence_installs = 0;
  int fence_removals = 0;

 private:
  class SharedStore final : public KeyValueStore {
   public:
    explicit SharedStore(FakeKeyValueStore& store) : store_(store) {}
    std::optional<KeyValue> get(const std::string& key) override { return store_.get(key); }
    std::vector<KeyValue> list(const std::string& prefix) override { return store_.list(prefix); }
    WriteOutcome compare_and_set(const std::string& key, const std::string& value, std::int64_t expected) override {
      return store_.compare_and_set(key, value, expected);
    }
    WriteOutcome compare_and_delete(const std::string& key, std::int64_t expected) override {
      return store_.compare_and_delete(key, expected);
    }

   private:
    FakeKeyValueStore& store_;
  };
  class HolderProxy final : public VipHolder {
   public:
    explicit HolderProxy(RecordingVipHolder& holder) : holder_(holder) {}
    void take(Nanoseconds fence_for) override { holder_.take(fence_for); }
    void extend_fence(Nanoseconds fence_for) override { holder_.extend_fence(fence_for); }
    void announce_due() override { holder_.announce_due(); }
    void release() noexcept override { holder_.release(); }
    bool held() const override { return holder_.held(); }

   private:
    RecordingVipHolder& holder_;
  };
  class Probe final : public HealthProbe {
   public:
    Probe(std::shared_ptr<bool> passing, std::shared_ptr<bool> alive, std::string description)
        : passing_(std::move(passing)), alive_(std::move(alive)), description_(std::move(description)) {}
    ~Probe() override { *alive_ = false; }
    ProbeOutcome run(Nanoseconds) override { return {*passing_, *passing_ ? "ok" : "refused"}; }
    std::string describe() const override { return description_; }

   private:
    std::shared_ptr<bool> passing_;
    std::shared_ptr<bool> alive_;
    std::string description_;
  };
  struct PassingFlag {
    std::shared_ptr<bool> flag = std::make_shared<bool>(true);
    operator std::shared_ptr<bool>() const { return flag; }
    bool& operator*() { return *flag; }
  };

  FakeKeyValueStore& store_;
  const FakeClock& clock_;
  std::map<std::string, PassingFlag> passing_;
  std::vector<std::pair<std::shared_ptr<bool>, HealthMonitor*>> monitors_;
};

}  // namespace netkeel::ha::testing
