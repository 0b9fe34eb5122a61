// `netkeel agent` end to end with the collectors of this helper: per-VM counters from libvirt's
// built-in test driver on the Prometheus page, a libvirt URI that does not answer reported once in a
// daemon that collects many times, and the collectors turned off. No probe is sent (--no-icmp
// --no-udp --no-tcp --no-pmtu): the agent runs in this machine's own namespace and must not send
// traffic out of it. The libvirt event thread must not take SIGTERM (exit 143): signals belong to the agent loop.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Result {
  int exit_code = -1;
  std::string output;
};

Result run(const std::string& command) {
  Result r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string agent(const std::string& flags) {
  // A responder port of its own, so a real agent on this machine is not in the way.
  const int port = 20000 + ::getpid() % 20000;
  return std::string(NETKEEL_BINARY_DIR) + "/netkeel agent --site " + NETKEEL_SOURCE_DIR +
         "/examples/sites/4-one-lacp-switch.yaml --host srv1 --no-icmp --no-udp --no-tcp --no-pmtu "
         "--metrics-address '' --ovs-ctl none --responder-port " + std::to_string(port) + " " + flags;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

TEST(AgentCollectors, VmCountersOfTheLibvirtTestDriverOnThePrometheusPage) {
  auto r = run(agent("--once --format prometheus --libvirt-uri test:///default") + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("netkeel_vm_collector_up{host=\"srv1\"} 1\n"));
  for (const char* name : {"receive_bytes", "receive_packets", "receive_errors", "receive_drops", "transmit_bytes",
                           "transmit_packets", "transmit_errors", "transmit_drops"})
    EXPECT_THAT(r.output, HasSubstr(std::string("netkeel_vm_interface_") + name +
                                    "_total{host=\"srv1\",domain=\"test\",interface=\"testnet0\"} "))
        << name;
  EXPECT_THAT(r.output, HasSubstr("# TYPE netkeel_vm_interface_receive_bytes_total counter"));
  EXPECT_THAT(r.output, HasSubstr("netkeel_vm_interface_info{host=\"srv1\",domain=\"test\",interface=\"testnet0\",uuid=\""));
  EXPECT_THAT(r.output, HasSubstr("mac=\"aa:bb:cc:dd:ee:ff\"} 1"));
}

TEST(AgentCollectors, VmCountersInTheJson) {
  auto r = run(agent("--once --format json --libvirt-uri test:///default") + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"vm_collector_up\": true"));
  EXPECT_THAT(r.output, HasSubstr("\"interface\": \"testnet0\""));
  EXPECT_THAT(r.output, HasSubstr("\"domain\": \"test\""));
}

TEST(AgentCollectors, ALibvirtUriThatDoesNotAnswerIsReportedOnceWhileTheDaemonCollectsOnAndOn) {
  // The daemon collects every 0.1 s until `timeout` stops it with SIGTERM: one line, however many collections.
  auto r = run("timeout --preserve-status -s TERM 3 " +
               agent("--report-interval 0.1 --libvirt-uri 'qemu+unix:///system?socket=/nonexistent/netkeel-sock'") +
               " 2>&1 >/dev/null");
  EXPECT_EQ(r.exit_code, 0) << r.output;  // SIGTERM is a clean stop
  EXPECT_EQ(count(r.output, "unavailable"), 1u) << r.output;
  EXPECT_THAT(r.output, HasSubstr("libvirt at qemu+unix:///system?socket=/nonexistent/netkeel-sock unavailable"));
}

TEST(AgentCollectors, ALibvirtUriThatDoesNotAnswerShowsAsCollectorDownNotAsAnError) {
  auto r = run(agent("--once --format prometheus --libvirt-uri 'qemu+unix:///system?socket=/nonexistent/netkeel-sock'") +
               " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("netkeel_vm_collector_up{host=\"srv1\"} 0\n"));
  EXPECT_THAT(r.output, HasSubstr("netkeel_collector_errors 0\n"));
  EXPECT_THAT(r.output, Not(HasSubstr("netkeel_vm_interface_receive_bytes_total{")));
}

TEST(AgentCollectors, NoneTurnsVmCountersOff) {
  auto r = run(agent("--once --format prometheus --libvirt-uri none") + " 2>&1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("netkeel_vm_collector_up")));
  EXPECT_THAT(r.output, Not(HasSubstr("libvirt")));
}

}  // namespace
