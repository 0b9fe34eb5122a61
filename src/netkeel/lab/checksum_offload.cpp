#include "netkeel/lab/checksum_offload.hpp"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/kernel/network_namespace.hpp"

namespace netkeel::lab {

void disable_checksum_offload(const std::string& netns, const std::string& ifname) {
  kernel::ScopedNetworkNamespace inside(netns);
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw RuntimeError("socket in " + netns + ": " + std::strerror(errno));
  // ETHTOOL_STXCSUM clears every transmit checksum feature (and what depends on it, like TSO);
  // ETHTOOL_SRXCSUM the receive one: `ethtool -K IF tx off rx off`.
  for (uint32_t cmd : {ETHTOOL_STXCSUM, ETHTOOL_SRXCSUM}) {
    ethtool_value value{cmd, 0};
    ifreq req{};
    std::strncpy(req.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    req.ifr_data = reinterpret_cast<char*>(&value);
    if (::ioctl(fd, SIOCETHTOOL, &req) != 0) {
      int err = errno;
      ::close(fd);
      throw RuntimeError("turning off checksum offload of " + ifname + " in " + netns + ": " + std::strerror(err));
    }
  }
  ::close(fd);
}

}  // namespace netkeel::lab
