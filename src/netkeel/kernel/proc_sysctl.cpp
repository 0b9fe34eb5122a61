#include "netkeel/kernel/proc_sysctl.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {

std::string sysctl_key_to_path(const std::string& key) {
  std::string path;
  std::string level;
  auto finish_level = [&] {
    if (level.empty() || level == "." || level == "..")
      throw KernelError(fmt::format("sysctl key '{}': not a valid key (empty or '..' level)", key), EINVAL);
    path += (path.empty() ? "" : "/") + level;
    level.clear();
  };
  for (char c : key) {
    if (c == '.') {
      finish_level();
    } else {
      level += c == '/' ? '.' : c;
    }
  }
  finish_level();
  return path;
}

std::optional<std::string> ProcSysctl::get(const std::string& key) {
  const std::string path = root_ + "/" + sysctl_key_to_path(key);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw KernelError(fmt::format("read sysctl {} ({}): {}", key, path, std::strerror(errno)), errno);
  }
  std::string value;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) value.append(buffer, static_cast<size_t>(n));
  const int read_errno = errno;
  close(fd);
  if (n < 0) throw KernelError(fmt::format("read sysctl {} ({}): {}", key, path, std::strerror(read_errno)), read_errno);
  while (!value.empty() && (value.back() == '\n')) value.pop_back();
  return value;
}

void ProcSysctl::set(const std::string& key, const std::string& value) {
  const std::string path = root_ + "/" + sysctl_key_to_path(key);
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw KernelError(fmt::format("set sysctl {}={} ({}): {}", key, value, path, std::strerror(e)), e);
  }
  const std::string line = value + "\n";
  const ssize_t n = write(fd, line.data(), line.size());
  const int write_errno = errno;
  close(fd);
  if (n < 0) throw KernelError(fmt::format("set sysctl {}={} ({}): {}", key, value, path, std::strerror(write_errno)), write_errno);
  if (static_cast<size_t>(n) != line.size())
    throw KernelError(fmt::format("set sysctl {}={} ({}): short write", key, value, path), EIO);
}

}  // namespace netkeel::kernel
