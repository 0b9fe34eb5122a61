#include "netkeel/kernel/kernel_features.hpp"

#include <fmt/format.h>
#include <sys/utsname.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace netkeel::kernel {
namespace {

// "kernel/drivers/net/bonding/bonding.ko[.xz]" -> "bonding". The kernel treats '-' and '_' alike.
std::string module_name_of_path(const std::string& path) {
  std::string file = path.substr(path.find_last_of('/') + 1);
  file = file.substr(0, file.find(".ko"));
  for (char& c : file) {
    if (c == '-') c = '_';
  }
  return file;
}

std::set<std::string> modules_listed_in(const std::string& path, bool first_field_until_colon) {
  std::set<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::string field = first_field_until_colon ? line.substr(0, line.find(':')) : line;
    out.insert(module_name_of_path(field));
  }
  return out;
}

// The text of a gzip file such as /proc/config.gz; "" when it cannot be read or is not gzip.
std::string gunzip_file(const std::string& path) {
  const std::unique_ptr<gzFile_s, decltype(&gzclose)> file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) return "";
  std::string out;
  char buffer[65536];
  int n = 0;
  while ((n = gzread(file.get(), buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  // gzread passes a file that is not gzip through unchanged; `gzip -dc` refused it, and so do we.
  if (n < 0 || gzdirect(file.get())) return "";
  return out;
}

std::map<std::string, std::string> parse_config(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("CONFIG_")) {
      const auto eq = line.find('=');
      if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return out;
}

}  // namespace

const std::vector<KernelFeature>& known_kernel_features() {
  static const std::vector<KernelFeature> features{
      {"bonding", "bond", "bonding", "CONFIG_BONDING"},   {"802.1q", "vlan", "8021q", "CONFIG_VLAN_8021Q"},
      {"bridge", "bridge", "bridge", "CONFIG_BRIDGE"},    {"veth", "veth", "veth", "CONFIG_VETH"},
      {"vxlan", "vxlan", "vxlan", "CONFIG_VXLAN"},        {"gre", "gre", "ip_gre", "CONFIG_NET_IPGRE"},
      {"dummy", "dummy", "dummy", "CONFIG_DUMMY"},        {"macvlan", "macvlan", "macvlan", "CONFIG_MACVLAN"},
  };
  return features;
}

std::string FeatureStatus::message() const {
  std::string text = fmt::format("{}: {}", feature.name, evidence);
  if (!remedy.empty()) text += ": " + remedy;
  return text;
}

FeatureStatus assess_kernel_feature(const KernelFeature& feature, const KernelEvidence& e) {
  FeatureStatus s{feature, true, "", ""};
  const std::string modules_dir = "/lib/modules/" + e.release;
  if (e.loaded_modules.contains(feature.module)) {
    s.evidence = fmt::format("module {} is loaded or built in", feature.module);
    return s;
  }
  if (e.builtin_modules.contains(feature.module)) {
    s.evidence = fmt::format("built into the kernel ({}/modules.builtin)", modules_dir);
    return s;
  }
  if (e.loadable_modules.contains(feature.module)) {
    s.evidence = fmt::format("loadable module {} (the kernel loads it when the first {} link is created)", feature.module,
                             feature.link_kind);
    return s;
  }
  std::optional<std::string> configured;
  if (e.config) {
    if (auto it = e.config->find(feature.config); it != e.config->end()) configured = it->second;
  }
  if (configured == "y") {
    s.evidence = fmt::format("built into the kernel ({}=y)", feature.config);
    return s;
  }
  s.available = false;
  const bool modules_supported = !e.config || e.config->contains("CONFIG_MODULES");
  if (configured == "m") {
    s.evidence = fmt::format("built as module {} ({}=m) but the module is not installed", feature.module, feature.config);
    s.remedy = fmt::format("install this kernel's modules package (for {}), then `modprobe {}`", e.release, feature.module);
  } else if (e.config && !modules_supported) {
    s.evidence = fmt::format("not in this kernel ({} is not set and the kernel has no module support)", feature.config);
    s.remedy = fmt::format("boot a kernel built with {}=y or =m", feature.config);
  } else if (e.config) {
    s.evidence = fmt::format("not in this kernel ({} is not set)", feature.config);
    s.remedy = fmt::format("boot a kernel built with {}=y or =m", feature.config);
  } else if (!e.modules_directory_found) {
    s.evidence = fmt::format("not in this kernel (no module {} loaded, and no {})", feature.module, modules_dir);
    s.remedy = fmt::format("install the kernel's modules package for {} and run `modprobe {}`", e.release, feature.module);
  } else {
    s.evidence = fmt::format("not in this kernel (no module {} in {})", feature.module, modules_dir);
    s.remedy = fmt::format("install the kernel's modules package (or extra modules) and run `modprobe {}`", feature.module);
  }
  return s;
}

KernelEvidence read_kernel_evidence(const KernelEvidencePaths& paths) {
  namespace fs = std::filesystem;
  KernelEvidence e;
  utsname u{};
  if (uname(&u) == 0) e.release = u.release;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(paths.sys_module, ec)) e.loaded_modules.insert(entry.path().filename());
  {
    std::ifstream in(paths.proc_modules);
    std::string line;
    while (std::getline(in, line)) e.loaded_modules.insert(line.substr(0, line.find(' ')));
  }
  const fs::path modules_dir = fs::path(paths.lib_modules) / e.release;
  e.modules_directory_found = fs::is_directory(modules_dir, ec);
  if (e.modules_directory_found) {
    e.builtin_modules = modules_listed_in(modules_dir / "modules.builtin", false);
    e.loadable_modules = modules_listed_in(modules_dir / "modules.dep", true);
  }
  if (fs::exists(paths.config_gz, ec)) {
    const std::string text = gunzip_file(paths.config_gz);
    if (!text.empty()) e.config = parse_config(text);
  }
  return e;
}

std::vector<FeatureStatus> detect_kernel_features(const KernelEvidencePaths& paths) {
  const KernelEvidence evidence = read_kernel_evidence(paths);
  std::vector<FeatureStatus> out;
  for (const auto& f : known_kernel_features()) out.push_back(assess_kernel_feature(f, evidence));
  return out;
}

std::optional<FeatureStatus> feature_for_link_kind(const std::vector<FeatureStatus>& all, const std::string& kind) {
  for (const auto& s : all) {
    if (s.feature.link_kind == kind) return s;
  }
  return std::nullopt;
}

}  // namespace netkeel::kernel
