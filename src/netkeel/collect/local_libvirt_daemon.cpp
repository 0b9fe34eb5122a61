#include "netkeel/collect/local_libvirt_daemon.hpp"

#include <sys/stat.h>

#include <array>
#include <string_view>

namespace netkeel::collect {

bool uses_local_system_daemon(const std::string& uri) {
  constexpr std::string_view kSuffix = ":///system";
  if (uri.size() <= kSuffix.size() || uri.compare(uri.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) return false;
  const std::string_view driver(uri.data(), uri.size() - kSuffix.size());
  constexpr std::array<std::string_view, 6> kDaemonDrivers = {"qemu", "lxc", "xen", "ch", "bhyve", "vz"};
  for (auto d : kDaemonDrivers)
    if (driver == d) return true;
  return false;
}

std::string missing_local_daemon(const std::string& uri, const std::string& run_directory) {
  if (!uses_local_system_daemon(uri)) return "";
  struct stat st {};
  if (stat(run_directory.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "";
  return "no libvirt daemon on this host (" + run_directory + " does not exist; libvirt not loaded)";
}

}  // namespace netkeel::collect
