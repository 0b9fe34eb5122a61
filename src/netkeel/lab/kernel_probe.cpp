#include "netkeel/lab/kernel_probe.hpp"

namespace netkeel::lab {

KernelFeatures probe_kernel_features(CommandRunner& runner, const std::string& ns) {
  KernelFeatures f;
  f.bonding = runner.run({"ip", "-n", ns, "link", "add", "nkprobe-bond", "type", "bond"}).ok();
  if (f.bonding) runner.run({"ip", "-n", ns, "link", "del", "nkprobe-bond"});
  if (runner.run({"ip", "-n", ns, "link", "add", "nkprobe0", "type", "veth", "peer", "name", "nkprobe1"}).ok()) {
    f.vlan = runner.run({"ip", "-n", ns, "link", "add", "link", "nkprobe0", "name", "nkprobe0.2", "type", "vlan",
                         "id", "2"}).ok();
    runner.run({"ip", "-n", ns, "link", "del", "nkprobe0"});  // takes its peer and VLAN with it
  }
  return f;
}

}  // namespace netkeel::lab
