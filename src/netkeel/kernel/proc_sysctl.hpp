#pragma once
// Sysctls through /proc/sys. A process's /proc/sys/net shows the network namespace the process was in
// when it opened the file, so this reads and writes the namespace the caller is in at each call.
#include <optional>
#include <string>

#include "netkeel/kernel/sysctl.hpp"

namespace netkeel::kernel {

// "net.ipv4.conf.eth0/10.rp_filter" -> "net/ipv4/conf/eth0.10/rp_filter": dots separate levels, and a
// '/' in the dotted key stands for a '.' inside one level (an interface name), as sysctl(8) writes it.
// Throws KernelError EINVAL for keys that could leave /proc/sys (empty levels, "..").
std::string sysctl_key_to_path(const std::string& key);

class ProcSysctl : public Sysctl {
 public:
  explicit ProcSysctl(std::string root = "/proc/sys") : root_(std::move(root)) {}
  // The value without its trailing newline; nullopt when the key does not exist.
  std::optional<std::string> get(const std::string& key) override;
  // Throws KernelError with the errno of the failing open or write (ENOENT: no such key).
  void set(const std::string& key, const std::string& value) override;

 private:
  std::string root_;
};

}  // namespace netkeel::kernel
