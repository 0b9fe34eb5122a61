#include "netkeel/kernel/network_namespace.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {
namespace {

int open_namespace(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    throw KernelError(fmt::format("network namespace '{}': not a namespace name (a name as `ip netns list` shows it)", name),
                      EINVAL);
  const std::string path = "/run/netns/" + name;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error_number = errno;
    if (error_number == ENOENT)
      throw KernelError(fmt::format("network namespace '{}' does not exist ({} missing); create it with `ip netns add {}`",
                                    name, path, name),
                        ENOENT);
    throw KernelError(fmt::format("network namespace '{}': cannot open {}: {}", name, path, std::strerror(error_number)),
                      error_number);
  }
  return fd;
}

void join(int fd, const std::string& description) {
  if (setns(fd, CLONE_NEWNET) != 0) {
    const int error_number = errno;
    close(fd);
    throw KernelError(fmt::format("cannot enter network namespace {}: {}{}", description, std::strerror(error_number),
                                  error_number == EPERM ? " (needs root or CAP_SYS_ADMIN)" : ""),
                      error_number);
  }
  close(fd);
}

}  // namespace

void enter_network_namespace(const std::string& name) { join(open_namespace(name), "'" + name + "'"); }

ScopedNetworkNamespace::ScopedNetworkNamespace(const std::string& name) {
  original_fd_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original_fd_ < 0)
    throw KernelError(fmt::format("cannot save the current network namespace: {}", std::strerror(errno)), errno);
  try {
    enter_network_namespace(name);
  } catch (...) {
    close(original_fd_);
    throw;
  }
}

ScopedNetworkNamespace::~ScopedNetworkNamespace() {
  // Not returning would leave this thread changing the wrong namespace: that cannot be allowed to go on.
  if (setns(original_fd_, CLONE_NEWNET) != 0) {
    fmt::print(stderr, "netkeel: cannot return to the original network namespace: {}\n", std::strerror(errno));
    std::abort();
  }
  close(original_fd_);
}

}  // namespace netkeel::kernel
