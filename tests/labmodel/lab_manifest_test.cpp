#include <gtest/gtest.h>

#include <fstream>

#include "netkeel/lab/lab_state.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::lab {
namespace {

TEST(LabPhase, NamesEachPhase) {
  EXPECT_EQ(to_string(LabPhase::creating), "creating");
  EXPECT_EQ(to_string(LabPhase::up), "up");
  EXPECT_EQ(to_string(LabPhase::failed), "failed");
  EXPECT_EQ(to_string(LabPhase::removing), "removing");
}

TEST(LabManifestFile, KeepsThePhaseAsItsWord) {
  testing::TemporaryDirectory root("netkeel-lab-manifest");
  LabStore store(root.path());
  LabManifest m;
  m.lab = "hl9";
  for (LabPhase phase : {LabPhase::creating, LabPhase::up, LabPhase::failed, LabPhase::removing}) {
    m.phase = phase;
    store.save(m);
    EXPECT_EQ(store.load("hl9").phase, phase);
    std::ifstream file(store.dir("hl9") / "manifest.json");
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("\"phase\": \"" + to_string(phase) + "\""), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace netkeel::lab
