#pragma once
// Sysctls in memory, for unit tests. Only keys the test defines exist: reading any other key gives
// nullopt and writing it fails with ENOENT, as writing a missing /proc/sys file does.
#include <map>
#include <optional>
#include <string>

#include "netkeel/kernel/sysctl.hpp"

namespace netkeel::kernel {

class FakeSysctl : public Sysctl {
 public:
  FakeSysctl() = default;
  explicit FakeSysctl(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  // Make a key exist (as creating an interface makes its net.ipv4.conf.<if>.* keys exist).
  void define(const std::string& key, const std::string& value) { values_[key] = value; }
  // The next set() fails with `error_number` (positive errno) and changes nothing.
  void fail_next_set(int error_number) { failing_set_errno_ = error_number; }
  const std::map<std::string, std::string>& values() const { return values_; }
  int write_count() const { return write_count_; }

  std::optional<std::string> get(const std::string& key) override;
  void set(const std::string& key, const std::string& value) override;

 private:
  std::map<std::string, std::string> values_;
  int failing_set_errno_ = 0;
  int write_count_ = 0;
};

}  // namespace netkeel::kernel
