#pragma once
// Which link kinds this kernel can create, found without creating anything: loaded modules
// (/sys/module, /proc/modules), built-in ones (/lib/modules/RELEASE/modules.builtin), loadable ones
// (modules.dep; the kernel loads them itself when the first link of their kind is created) and the
// kernel's build configuration (/proc/config.gz). For each missing feature it says what to do.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace netkeel::kernel {

struct KernelFeature {
  std::string name;         // "bonding", "802.1q", "bridge", "veth", "vxlan", "gre", "dummy", "macvlan"
  std::string link_kind;    // the IFLA_INFO_KIND it provides: "bond", "vlan", ...
  std::string module;       // "bonding", "8021q", "bridge", "veth", "vxlan", "ip_gre", "dummy"
  std::string config;       // "CONFIG_BONDING", ...
};
const std::vector<KernelFeature>& known_kernel_features();

// What the files say. Filled by read_kernel_evidence(); tests build it by hand.
struct KernelEvidence {
  std::string release;                          // uname -r
  std::set<std::string> loaded_modules;         // /sys/module/* and /proc/modules
  bool modules_directory_found = false;         // /lib/modules/RELEASE exists
  std::set<std::string> builtin_modules;        // from modules.builtin
  std::set<std::string> loadable_modules;       // from modules.dep
  std::optional<std::map<std::string, std::string>> config;  // CONFIG_X -> y/m; absent = not set
};

struct FeatureStatus {
  KernelFeature feature;
  bool available = false;
  std::string evidence;  // why we think so
  std::string remedy;    // what to do when it is missing ("" when available)
  std::string message() const;  // one line: "bonding: <evidence>[: <remedy>]"
};

// Pure: the status of `feature` given the evidence.
FeatureStatus assess_kernel_feature(const KernelFeature& feature, const KernelEvidence& evidence);

// The thin shell: reads /sys/module, /proc/modules, /lib/modules/$(uname -r) and /proc/config.gz
// (decompressed with zlib). Paths are parameters so tests can point them at a fixture tree.
struct KernelEvidencePaths {
  std::string sys_module = "/sys/module";
  std::string proc_modules = "/proc/modules";
  std::string lib_modules = "/lib/modules";
  std::string config_gz = "/proc/config.gz";
};
KernelEvidence read_kernel_evidence(const KernelEvidencePaths& paths = {});

// Every known feature, assessed on this machine.
std::vector<FeatureStatus> detect_kernel_features(const KernelEvidencePaths& paths = {});
// The status for one link kind ("bond", "vlan", ...); nullopt for a kind netkeel does not know.
std::optional<FeatureStatus> feature_for_link_kind(const std::vector<FeatureStatus>& all, const std::string& kind);

}  // namespace netkeel::kernel
