#pragma once
// Entering a named network namespace (one made by `ip netns add NAME`, i.e. bound at /run/netns/NAME).
// setns(2) moves only the calling thread: the netkeel CLI is single-threaded and enters before it opens
// any netlink socket or /proc/sys file, so everything it does afterwards happens inside.
#include <string>

namespace netkeel::kernel {

// Moves the calling thread into network namespace NAME for good. Throws KernelError (ENOENT with an
// `ip netns add NAME` hint when it does not exist; EPERM without CAP_SYS_ADMIN).
void enter_network_namespace(const std::string& name);

// Enters NAME and returns the calling thread to the namespace it was in (saved from /proc/thread-self/ns/net)
// when destroyed. For tests and tools that must come back.
class ScopedNetworkNamespace {
 public:
  explicit ScopedNetworkNamespace(const std::string& name);
  ~ScopedNetworkNamespace();
  ScopedNetworkNamespace(const ScopedNetworkNamespace&) = delete;
  ScopedNetworkNamespace& operator=(const ScopedNetworkNamespace&) = delete;

 private:
  int original_fd_ = -1;
};

}  // namespace netkeel::kernel
