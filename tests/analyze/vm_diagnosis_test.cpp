// `diagnose vm`'s verdict: the VM's own interface, its host, both, or neither.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/analyze/vm_diagnosis.hpp"

namespace netkeel::analyze {
namespace {

using ::testing::HasSubstr;

VmDiagnosis quiet_vm() {
  VmDiagnosis d;
  d.domain = "web-1";
  d.window_s = 600;
  d.baseline_s = 3600;
  d.interfaces = {{"vnet3", "52:54:00:aa:bb:01", {{"receive_drops", 0, 0, 0}, {"receive_packets", 6000, 10, 9}}}};
  d.host.host = "node3";
  d.host.verdict = "no fault seen on node3: 4 probe rows to and from its peers are clean, no NIC errors, carrier steady";
  return d;
}

TEST(VmVerdict, NeitherTheVmNorItsHost) {
  EXPECT_EQ(vm_verdict(quiet_vm()),
            "not the network: the VM's interfaces drop and err no more than in the baseline, and host node3: no fault "
            "seen on node3: 4 probe rows to and from its peers are clean, no NIC errors, carrier steady");
}

TEST(VmVerdict, ItsOwnInterfaceDropping) {
  VmDiagnosis d = quiet_vm();
  d.interfaces[0].counters[0] = {"receive_drops", 300, 0.5, 0.01};
  EXPECT_THAT(vm_verdict(d), HasSubstr("the VM's own interface, not the physical network: vnet3 receive_drops at "
                                       "0.50/s (baseline 0.01/s)"));
  // A steady pace of drops, as in the baseline, is not news.
  d.interfaces[0].counters[0] = {"receive_drops", 300, 0.5, 0.4};
  EXPECT_THAT(vm_verdict(d), HasSubstr("not the network"));
  // Packets rising are traffic, not trouble.
  d.interfaces[0].counters[1] = {"receive_packets", 600000, 1000, 9};
  EXPECT_THAT(vm_verdict(d), HasSubstr("not the network"));
}

TEST(VmVerdict, ItsHostSuspect) {
  VmDiagnosis d = quiet_vm();
  d.host.fault = true;
  d.host.verdict = "nic node3:eno1 (0.34) is the likeliest culprit: explains 8 of 8 lossy pairs on mgmt";
  EXPECT_EQ(vm_verdict(d), "the network is suspect: host node3: nic node3:eno1 (0.34) is the likeliest culprit: explains "
                           "8 of 8 lossy pairs on mgmt");
  d.interfaces[0].counters[0] = {"receive_drops", 300, 0.5, kNoValue};
  EXPECT_THAT(vm_verdict(d), HasSubstr("both: the VM's interface loses packets (vnet3 receive_drops at 0.50/s (baseline -))"));
}

}  // namespace
}  // namespace netkeel::analyze
