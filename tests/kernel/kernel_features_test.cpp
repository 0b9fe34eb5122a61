#include "netkeel/kernel/kernel_features.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace netkeel::kernel {
namespace {

const KernelFeature& feature(const std::string& name) {
  for (const auto& f : known_kernel_features()) {
    if (f.name == name) return f;
  }
  throw std::runtime_error("no feature " + name);
}

TEST(KernelFeatures, LoadedBuiltinOrLoadableModulesAreAvailable) {
  KernelEvidence e{.release = "6.1.0-13-amd64"};
  e.loaded_modules = {"bridge"};
  e.modules_directory_found = true;
  e.builtin_modules = {"veth"};
  e.loadable_modules = {"bonding", "8021q"};
  EXPECT_TRUE(assess_kernel_feature(feature("bridge"), e).available);
  EXPECT_TRUE(assess_kernel_feature(feature("veth"), e).available);
  const auto bonding = assess_kernel_feature(feature("bonding"), e);
  EXPECT_TRUE(bonding.available);
  EXPECT_NE(bonding.evidence.find("loadable module bonding"), std::string::npos);
  EXPECT_TRUE(bonding.remedy.empty());
  const auto gre = assess_kernel_feature(feature("gre"), e);
  EXPECT_FALSE(gre.available);
  EXPECT_NE(gre.message().find("`modprobe ip_gre`"), std::string::npos) << gre.message();
}

TEST(KernelFeatures, MissingModulesDirectoryAsksForTheModulesPackage) {
  KernelEvidence e{.release = "6.1.0-13-amd64"};
  const auto s = assess_kernel_feature(feature("bonding"), e);
  EXPECT_FALSE(s.available);
  EXPECT_EQ(s.message(),
            "bonding: not in this kernel (no module bonding loaded, and no /lib/modules/6.1.0-13-amd64): install the "
            "kernel's modules package for 6.1.0-13-amd64 and run `modprobe bonding`");
}

TEST(KernelFeatures, KernelConfigDecidesWhenThereAreNoModules) {
  KernelEvidence e{.release = "6.18.44"};
  e.config = std::map<std::string, std::string>{{"CONFIG_BRIDGE", "y"}, {"CONFIG_VXLAN", "y"}};
  EXPECT_TRUE(assess_kernel_feature(feature("bridge"), e).available);
  const auto vlan = assess_kernel_feature(feature("802.1q"), e);
  EXPECT_FALSE(vlan.available);
  EXPECT_EQ(vlan.message(), "802.1q: not in this kernel (CONFIG_VLAN_8021Q is not set and the kernel has no module "
                            "support): boot a kernel built with CONFIG_VLAN_8021Q=y or =m");
  e.config->emplace("CONFIG_MODULES", "y");
  e.config->emplace("CONFIG_BONDING", "m");
  const auto bonding = assess_kernel_feature(feature("bonding"), e);
  EXPECT_FALSE(bonding.available);
  EXPECT_NE(bonding.remedy.find("modprobe bonding"), std::string::npos);
}

TEST(KernelFeatures, ReadsEvidenceFromTheFiles) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(::testing::TempDir()) / "nk-kernel-features";
  fs::remove_all(root);
  KernelEvidencePaths paths{(root / "sys_module").string(), (root / "proc_modules").string(), (root / "lib_modules").string(),
                            (root / "config.gz").string()};
  fs::create_directories(root / "sys_module" / "bridge");
  std::ofstream(root / "proc_modules") << "veth 40960 0 - Live 0x0000000000000000\n";
  const KernelEvidence probe = read_kernel_evidence(paths);  // learns the release name
  const fs::path modules = root / "lib_modules" / probe.release;
  fs::create_directories(modules);
  std::ofstream(modules / "modules.builtin") << "kernel/net/8021q/8021q.ko\n";
  std::ofstream(modules / "modules.dep") << "kernel/drivers/net/bonding/bonding.ko.xz: kernel/net/tls/tls.ko.xz\n";
  const KernelEvidence e = read_kernel_evidence(paths);
  EXPECT_TRUE(e.loaded_modules.contains("bridge"));
  EXPECT_TRUE(e.loaded_modules.contains("veth"));
  EXPECT_TRUE(e.builtin_modules.contains("8021q"));
  EXPECT_TRUE(e.loadable_modules.contains("bonding"));
  EXPECT_FALSE(e.config.has_value());
  auto all = detect_kernel_features(paths);
  for (const char* kind : {"bond", "vlan", "bridge", "veth"}) EXPECT_TRUE(feature_for_link_kind(all, kind)->available) << kind;
  EXPECT_FALSE(feature_for_link_kind(all, "dummy")->available);
  EXPECT_FALSE(feature_for_link_kind(all, "wireguard").has_value());
  fs::remove_all(root);
}

TEST(KernelFeatures, ReadsTheKernelConfigFromAGzipFile) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(::testing::TempDir()) / "nk-kernel-config";
  fs::remove_all(root);
  fs::create_directories(root);
  KernelEvidencePaths paths{(root / "none").string(), (root / "none").string(), (root / "none").string(),
                            (root / "config.gz").string()};
  const std::string config = "# Linux/x86 6.18.44 Kernel Configuration\nCONFIG_MODULES=y\nCONFIG_BONDING=m\n"
                             "# CONFIG_VXLAN is not set\nCONFIG_BRIDGE=y\n";
  gzFile out = gzopen(paths.config_gz.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, config.data(), static_cast<unsigned>(config.size())), static_cast<int>(config.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
  const KernelEvidence e = read_kernel_evidence(paths);
  ASSERT_TRUE(e.config.has_value());
  EXPECT_EQ(*e.config, (std::map<std::string, std::string>{
                           {"CONFIG_MODULES", "y"}, {"CONFIG_BONDING", "m"}, {"CONFIG_BRIDGE", "y"}}));
  // Not gzip (as `gzip -dc` would say): no configuration rather than a wrong one.
  std::ofstream(paths.config_gz, std::ios::trunc) << config;
  EXPECT_FALSE(read_kernel_evidence(paths).config.has_value());
  fs::remove_all(root);
}

}  // namespace
}  // namespace netkeel::kernel
