// EtcdClient against a real etcd 3.4 (label `service`): the KeyValueStore conformance suite, a dead or
// hung member first in the list, and an etcd that stops or hangs. Start one with
//   scripts/etcd.sh start /tmp/netkeel-etcd
// or point NETKEEL_ETCD_URL (default http://127.0.0.1:12379) at another. Each test works under its own
// random key prefix. The stop/hang tests start (and always stop) a second private etcd of their own.
#include "netkeel/ha/etcd_client.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "ha/key_value_store_conformance.hpp"
#include "ha_service/loopback_port.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/process.hpp"
#include "netkeel/ha/etcd_endpoints.hpp"
#include "netkeel/http/http_client.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::ha {
namespace {

using namespace std::chrono_literals;

std::string etcd_url() {
  const char* url = std::getenv("NETKEEL_ETCD_URL");
  return parse_etcd_endpoints(url && *url ? url : "http://127.0.0.1:12379").front();
}

const SystemClock& system_clock() {
  static const SystemClock clock;
  return clock;
}

// A client with its own HTTP connection. The generous budget keeps the contract tests about the
// contract on a loaded machine; the timeout tests below set their own.
class OwningEtcdClient final : public KeyValueStore {
 public:
  OwningEtcdClient(std::vector<std::string> members, std::chrono::milliseconds timeout)
      : client_(http_, system_clock(), EtcdClientOptions{std::move(members), timeout}) {}
  std::optional<KeyValue> get(const std::string& key) override { return client_.get(key); }
  std::vector<KeyValue> list(const std::string& prefix) override { return client_.list(prefix); }
  WriteOutcome compare_and_set(const std::string& key, const std::string& value, std::int64_t expected) override {
    return client_.compare_and_set(key, value, expected);
  }
  WriteOutcome compare_and_delete(const std::string& key, std::int64_t expected) override {
    return client_.compare_and_delete(key, expected);
  }
  const EtcdClient& client() const { return client_; }

 private:
  http::CurlHttpClient http_;
  EtcdClient client_;
};

using testing::KeyValueStoreConformance;
using testing::KeyValueStoreFactory;

INSTANTIATE_TEST_SUITE_P(Etcd, KeyValueStoreConformance,
                         ::testing::Values(KeyValueStoreFactory{
                             "etcd", [] { return std::make_unique<OwningEtcdClient>(std::vector{etcd_url()}, 2000ms); }}),
                         [](const auto& info) { return info.param.name; });

std::string random_prefix() {
  std::random_device random;
  return fmt::format("/netkeel-etcd-test/{:08x}{:08x}/", random(), random());
}

TEST(EtcdMembers, ADeadMemberFirstInTheListIsSkipped) {
  const LoopbackPort dead(false);
  OwningEtcdClient store({dead.url(), etcd_url()}, 1000ms);
  const std::string key = random_prefix() + "vip";
  const WriteOutcome created = store.compare_and_set(key, "ctl1", 0);  // a refused write is safe to move on
  ASSERT_TRUE(created.succeeded);
  EXPECT_EQ(store.client().preferred_member(), etcd_url());
  EXPECT_EQ(store.get(key)->mod_revision, created.revision);
}

TEST(EtcdMembers, AHungMemberCostsOneOperationThenTheNextMemberAnswers) {
  const LoopbackPort hung(true);
  OwningEtcdClient store({hung.url(), etcd_url()}, 500ms);
  const std::string key = random_prefix() + "vip";
  // The hung member uses (nearly) the whole budget; the live one gets what is left, which may or may
  // not be enough. Either way the next operation goes to the live member first.
  try {
    EXPECT_EQ(store.get(key), std::nullopt);
  } catch (const KeyValueUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find(hung.url()), std::string::npos) << e.what();
  }
  EXPECT_EQ(store.client().preferred_member(), etcd_url());
  EXPECT_EQ(store.get(key), std::nullopt);
}

// A second private etcd on free ports, started through scripts/etcd.sh and always stopped.
class PrivateEtcd {
 public:
  PrivateEtcd() {
    const LoopbackPort client(false), peer(false);
    client_port_ = client.port();
    peer_port_ = peer.port();
    const ProcessResult started = script("start");
    if (!started.ok()) throw RuntimeError("scripts/etcd.sh start: " + started.status_text() + "\n" + started.out + started.err);
  }
  ~PrivateEtcd() {
    signal(SIGCONT);
    script("stop");
  }  // then temporary_ removes the directory
  std::string url() const { return fmt::format("http://127.0.0.1:{}", client_port_); }
  ProcessResult script(const std::string& action) const {
    ProcessRequest request;
    request.argv = {std::string(NETKEEL_SOURCE_DIR) + "/scripts/etcd.sh", action, dir_};
    request.environment = {{"NETKEEL_ETCD_PORT", std::to_string(client_port_)},
                           {"NETKEEL_ETCD_PEER_PORT", std::to_string(peer_port_)}};
    request.timeout = 60s;
    return run_process(request);
  }
  void signal(int number) const {
    if (const pid_t p = pid(); p > 0) ::kill(p, number);
  }
  // SIGSTOP takes effect asynchronously: polls /proc until every thread of etcd is stopped.
  void freeze() const {
    signal(SIGSTOP);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      bool all_stopped = true;
      for (const auto& task : std::filesystem::directory_iterator(fmt::format("/proc/{}/task", pid()))) {
        std::ifstream stat(task.path() / "stat");
        std::string line;
        std::getline(stat, line);
        const auto close = line.rfind(')');
        if (close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'T') all_stopped = false;
      }
      if (all_stopped) return;
      std::this_thread::sleep_for(5ms);
    }
    throw RuntimeError("etcd did not stop within 10 s of SIGSTOP");
  }

 private:
  pid_t pid() const {
    std::ifstream pid_file(dir_ + "/etcd.pid");
    pid_t p = 0;
    return pid_file >> p ? p : 0;
  }

  netkeel::testing::TemporaryDirectory temporary_{"nkt-etcd", "/tmp"};  // short: etcd's socket paths
  std::string dir_ = temporary_.path().string();
  int client_port_ = 0;
  int peer_port_ = 0;
};

TEST(EtcdOutage, AHungOrStoppedEtcdIsUnavailableNotAbsent) {
  PrivateEtcd etcd;
  OwningEtcdClient store({etcd.url()}, 300ms);
  const std::string key = random_prefix() + "vip";
  const WriteOutcome created = store.compare_and_set(key, "ctl1", 0);
  ASSERT_TRUE(created.succeeded);

  // Frozen (SIGSTOP): connections are accepted, nothing answers. Only the budget ends each call.
  etcd.freeze();
  const auto before = std::chrono::steady_clock::now();
  EXPECT_THROW(store.get(key), KeyValueUnavailable);
  EXPECT_THROW(store.compare_and_set(key, "ctl1", created.revision), KeyValueUnavailable);
  const auto frozen_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - before);
  ::testing::Test::RecordProperty("two_calls_to_a_frozen_etcd_ms", static_cast<int>(frozen_ms.count()));
  etcd.signal(SIGCONT);

  // The renewal that timed out may have happened: the key is either as it was or renewed once, by us.
  const auto after_thaw = store.get(key);
  ASSERT_TRUE(after_thaw.has_value());
  EXPECT_EQ(after_thaw->value, "ctl1");

  // Stopped: every call is refused at once.
  ASSERT_TRUE(etcd.script("stop").ok());
  EXPECT_THROW(store.get(key), KeyValueUnavailable);
  EXPECT_THROW(store.compare_and_delete(key, created.revision), KeyValueUnavailable);
  EXPECT_THROW(store.list(key), KeyValueUnavailable);
}

}  // namespace
}  // namespace netkeel::ha
