#include "fakes/core/fake_clock.hpp"
#include "netkeel/apply/confirmation.hpp"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::apply {
namespace {

TEST(Confirmation, ConfirmWithoutAWaitingApplyFails) {
  auto files = confirmation_files(::testing::TempDir() + "nk-confirm-none", "host");
  EXPECT_THROW(confirm_pending_apply(files), RuntimeError);
}

TEST(Confirmation, AnOldConfirmationNeverConfirmsANewApply) {
  auto files = confirmation_files(::testing::TempDir() + "nk-confirm-old", "netns-a");
  std::filesystem::create_directories(std::filesystem::path(files.confirm).parent_path());
  std::ofstream(files.confirm) << "token-of-an-earlier-apply\n";
  ConfirmationWait wait(files, "token-2");
  EXPECT_FALSE(wait.confirmed());
  const FakeClock clock;
  EXPECT_FALSE(wait.wait(std::chrono::seconds(2), clock));
  confirm_pending_apply(files);
  EXPECT_TRUE(wait.wait(std::chrono::seconds(2), clock));
}

TEST(Confirmation, FilesAreRemovedWhenTheWaitEnds) {
  auto files = confirmation_files(::testing::TempDir() + "nk-confirm-cleanup", "host");
  {
    ConfirmationWait wait(files, "t");
    EXPECT_TRUE(std::filesystem::exists(files.pending));
    confirm_pending_apply(files);
  }
  EXPECT_FALSE(std::filesystem::exists(files.pending));
  EXPECT_FALSE(std::filesystem::exists(files.confirm));
}

}  // namespace
}  // namespace netkeel::apply
