#include "fakes/kernel/fake_sysctl.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {

std::optional<std::string> FakeSysctl::get(const std::string& key) {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void FakeSysctl::set(const std::string& key, const std::string& value) {
  if (failing_set_errno_ != 0) {
    const int error_number = failing_set_errno_;
    failing_set_errno_ = 0;
    throw KernelError(fmt::format("set sysctl {}={}: {}", key, value, std::strerror(error_number)), error_number);
  }
  auto it = values_.find(key);
  if (it == values_.end())
    throw KernelError(fmt::format("set sysctl {}={}: no such key: {}", key, value, std::strerror(ENOENT)), ENOENT);
  it->second = value;
  ++write_count_;
}

}  // namespace netkeel::kernel
