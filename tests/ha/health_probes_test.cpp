// The three probe kinds against real things on loopback: a listening socket, a closed port, HTTP answers
// (FakeHttpClient: the status rules), and shell commands.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <chrono>

#include "fakes/core/fake_clock.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/unique_fd.hpp"
#include "netkeel/ha/exec_health_probe.hpp"
#include "netkeel/ha/http_health_probe.hpp"
#include "netkeel/ha/make_health_probe.hpp"
#include "netkeel/ha/tcp_health_probe.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
const Ipv4Address kLoopback(0x7f000001);

// A listening socket on an ephemeral loopback port; closing it leaves a port nobody listens on.
struct Listener {
  UniqueFd fd{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  std::uint16_t port = 0;
  Listener() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd.get(), 8) != 0 ||
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
    }
    port = ntohs(address.sin_port);
  }
};

TEST(TcpHealthProbe, PassesWhenSomethingListensAndFailsWithTheReasonWhenNot) {
  std::uint16_t port;
  {
    Listener listener;
    port = listener.port;
    TcpHealthProbe probe(kLoopback, port);
    const ProbeOutcome up = probe.run(milliseconds(500));
    EXPECT_TRUE(up.passed) << up.detail;
  }
  TcpHealthProbe probe(kLoopback, port);
  const ProbeOutcome down = probe.run(milliseconds(500));
  EXPECT_FALSE(down.passed);
  EXPECT_NE(down.detail.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << down.detail;
  EXPECT_NE(down.detail.find("refused"), std::string::npos) << down.detail;
  EXPECT_EQ(probe.describe(), "tcp 127.0.0.1:" + std::to_string(port));
}

TEST(HttpHealthProbe, PassesOn2xxAnd3xxOnlyAndSendsTheTimeout) {
  auto client = std::make_unique<http::FakeHttpClient>();
  http::FakeHttpClient& fake = *client;
  fake.respond(200, "ok");
  fake.respond(302, "");
  fake.respond(503, "down");
  fake.fail("connection refused");
  HttpHealthProbe probe(std::move(client), "http://127.0.0.1:5000/v3");
  EXPECT_TRUE(probe.run(milliseconds(150)).passed);
  EXPECT_TRUE(probe.run(milliseconds(150)).passed);
  const ProbeOutcome unavailable = probe.run(milliseconds(150));
  EXPECT_FALSE(unavailable.passed);
  EXPECT_NE(unavailable.detail.find("HTTP 503"), std::string::npos) << unavailable.detail;
  const ProbeOutcome refused = probe.run(milliseconds(150));
  EXPECT_FALSE(refused.passed);
  EXPECT_NE(refused.detail.find("connection refused"), std::string::npos) << refused.detail;
  ASSERT_EQ(fake.request_count(), 4u);
  EXPECT_EQ(fake.requests()[0].url, "http://127.0.0.1:5000/v3");
  EXPECT_EQ(fake.requests()[0].timeout, milliseconds(150));
}

TEST(ExecHealthProbe, JudgesByExitStatusAndKillsACommandThatOutlivesTheTimeout) {
  EXPECT_TRUE(ExecHealthProbe("true").run(milliseconds(2000)).passed);
  const ProbeOutcome failed = ExecHealthProbe("echo mysqld is gone; exit 3").run(milliseconds(2000));
  EXPECT_FALSE(failed.passed);
  EXPECT_NE(failed.detail.find("exit 3"), std::string::npos) << failed.detail;
  EXPECT_NE(failed.detail.find("mysqld is gone"), std::string::npos) << failed.detail;
  const auto start = std::chrono::steady_clock::now();
  const ProbeOutcome hung = ExecHealthProbe("sleep 30").run(milliseconds(100));
  EXPECT_FALSE(hung.passed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));  // killed, not waited for
}

TEST(MakeHealthProbe, AimsEachKindAtThisHostsOwnInstance) {
  site::Site site;
  FakeClock clock;
  const ProbeContext context{site, "ctl1", "http://127.0.0.1:9947/metrics", clock};
  site::Service keystone;
  keystone.name = "keystone";
  keystone.ports = {5000};
  site::HealthCheck check;
  check.kind = site::HealthCheck::Kind::http;
  check.http_path = "/v3";
  EXPECT_EQ(make_health_probe(keystone, check, context)->describe(), "http http://127.0.0.1:5000/v3");
  check.kind = site::HealthCheck::Kind::tcp;
  check.tcp_port = 5000;
  EXPECT_EQ(make_health_probe(keystone, check, context)->describe(), "tcp 127.0.0.1:5000");
  check.kind = site::HealthCheck::Kind::dep;  // judged from the keepers' reports, not probed
  EXPECT_EQ(make_health_probe(keystone, check, context), nullptr);
  check.kind = site::HealthCheck::Kind::http;
  keystone.ports.clear();
  EXPECT_THROW(make_health_probe(keystone, check, context), UsageError);
}

}  // namespace
}  // namespace netkeel::ha
