// The rendered /etc/default/etcd really configures etcd 3.4 (label `service`): a one-member site whose
// member has the loopback address 127.0.0.2 (usable on any Linux machine without changing its
// network) is planned and rendered; etcd is started with exactly the rendered ETCD_* variables as its
// environment (how Debian's unit passes them), with only the two ports and the data directory
// replaced so the test does not collide with anything. It must come up as that member, with that
// cluster and timing, having used every variable and complained about none.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ha_service/loopback_port.hpp"
#include "netkeel/core/process.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/render/etcd_renderer.hpp"
#include "netkeel/site/site_loader.hpp"
#include "netkeel/site/site_validator.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::ha {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kSite = R"(site: etcd-check
switches: [{name: sw1}]
networks:
  loop: {cidr: 127.0.0.0/24}
hosts:
  - {name: solo, id: 2, nics: [{name: lo, switch: sw1, port: p1}]}
coordination: {etcd: {members: [solo], network: loop}}
)";

std::map<std::string, std::string> etcd_variables(const std::string& file) {
  std::map<std::string, std::string> out;
  std::istringstream lines(file);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto equals = line.find('=');
    EXPECT_NE(equals, std::string::npos) << "neither comment nor VARIABLE=value: " << line;
    if (equals != std::string::npos) out[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class RunningEtcd {
 public:
  RunningEtcd(const std::map<std::string, std::string>& environment, const fs::path& log) {
    log_fd_ = UniqueFd(::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!log_fd_) throw RuntimeError("cannot open " + log.string());
    ProcessRequest request;
    request.argv = {"etcd"};
    for (const auto& [name, value] : environment) request.environment.emplace_back(name, value);
    request.stdout_to = ChildOutput::to_fd;
    request.stderr_to = ChildOutput::same_as_stdout;
    request.output_fd = log_fd_.get();
    pid_ = start_detached_process(request);
  }
  ~RunningEtcd() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  bool running() const { return ::waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  UniqueFd log_fd_;
  pid_t pid_ = -1;
};

TEST(RenderedEtcdDefaults, StartEtcdAsThePlannedMember) {
  const auto loaded = site::load_site_from_string(kSite, "etcd-check.yaml");
  ASSERT_TRUE(loaded.site) << format_diagnostics(loaded.diagnostics);
  const auto validated = site::validate_site(*loaded.site);
  ASSERT_FALSE(validated.has_errors()) << format_diagnostics(validated);
  const auto planned = plan::plan_site(*loaded.site);
  ASSERT_TRUE(planned.plan) << format_diagnostics(planned.diagnostics);
  const plan::ClusterPlan& plan = *planned.plan;
  const std::string file = render::render_etcd(plan, plan.hosts.at(0)).at(render::kEtcdDefaultsPath);

  const netkeel::testing::TemporaryDirectory temporary("nkt-etcd-render", "/tmp");
  const fs::path& dir = temporary.path();

  const LoopbackPort client_port(false), peer_port(false);
  std::map<std::string, std::string> environment;
  for (auto [name, value] : etcd_variables(file)) {
    value = replace_all(value, ":2379", fmt::format(":{}", client_port.port()));
    value = replace_all(value, ":2380", fmt::format(":{}", peer_port.port()));
    if (name == "ETCD_DATA_DIR") value = (dir / "data").string();
    environment[name] = value;
  }
  EXPECT_EQ(environment.size(), 11u);
  const std::string client_url = fmt::format("http://127.0.0.2:{}", client_port.port());
  const std::string peer_url = fmt::format("http://127.0.0.2:{}", peer_port.port());
  EXPECT_EQ(environment["ETCD_ADVERTISE_CLIENT_URLS"], client_url);
  EXPECT_EQ(environment["ETCD_INITIAL_CLUSTER"], "solo=" + peer_url);

  const RunningEtcd etcd(environment, dir / "etcd.log");
  http::CurlHttpClient http;
  // Through the loopback listener the file adds beside the member's own address.
  const std::string local_url = fmt::format("http://127.0.0.1:{}", client_port.port());
  nlohmann::json members;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (true) {
    ASSERT_TRUE(etcd.running()) << read_file(dir / "etcd.log");
    try {
      const http::Response r = http.send({"POST", local_url + "/v3/cluster/member/list", {}, "{}", 1000ms});
      if (r.status == 200) {
        members = nlohmann::json::parse(r.body)["members"];
        break;
      }
    } catch (const RuntimeError&) {  // not listening yet
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "etcd did not answer; its log:\n" << read_file(dir / "etcd.log");
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(members.size(), 1u) << members.dump();
  EXPECT_EQ(members[0]["name"], "solo");
  EXPECT_EQ(members[0]["peerURLs"], nlohmann::json::array({peer_url}));
  EXPECT_EQ(members[0]["clientURLs"], nlohmann::json::array({client_url}));
  // The member's own address answers too.
  EXPECT_EQ(http.send({"GET", client_url + "/health", {}, "", 1000ms}).status, 200);

  const std::string log = read_file(dir / "etcd.log");
  EXPECT_NE(log.find("heartbeat = 30ms"), std::string::npos) << log;
  EXPECT_NE(log.find("election = 300ms"), std::string::npos) << log;
  // etcd names each variable it took, and warns about any it does not know.
  for (const auto& [name, value] : environment) {
    EXPECT_NE(log.find(fmt::format("recognized and used environment variable {}={}\n", name, value)), std::string::npos)
        << name;
  }
  EXPECT_EQ(log.find("unrecognized environment variable"), std::string::npos) << log;
}

}  // namespace
}  // namespace netkeel::ha
