#pragma once
// Kernel sysctls (net.* only), read and written through /proc/sys of the current network namespace.
#include <map>
#include <optional>
#include <string>

namespace netkeel::kernel {

class Sysctl {
 public:
  virtual ~Sysctl() = default;
  // Key in dotted form; interface names containing dots are written with '/' (net.ipv4.conf.eth0/10.rp_filter),
  // as sysctl(8) does. nullopt when the key does not exist.
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void set(const std::string& key, const std::string& value) = 0;  // throws KernelError
};

}  // namespace netkeel::kernel
