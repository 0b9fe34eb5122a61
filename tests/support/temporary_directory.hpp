#pragma once
// A fresh directory for one test (or one fixture), removed with everything in it when it goes out of scope,
// also when the test fails or throws. Its name starts with `prefix` (netkeel-test unless given), so a leftover
// (a killed test run) says which test made it. `parent` is the system temp directory unless a test needs a
// short path (a UNIX socket path must fit in 108 bytes: the private etcd and OVS tests use /tmp).
#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace netkeel::testing {

class TemporaryDirectory {
 public:
  explicit TemporaryDirectory(std::string_view prefix = "netkeel-test",
                              const std::filesystem::path& parent = std::filesystem::temp_directory_path()) {
    std::string pattern = (parent / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary directory " + pattern + ": " +
                               std::error_code(errno, std::generic_category()).message());
    }
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;  // a destructor must not throw; a leftover directory is named by its prefix
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The path of `name` inside the directory (not created).
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace netkeel::testing
