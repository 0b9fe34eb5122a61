#include "netkeel/server/in_network_namespace.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <thread>

#include "netkeel/core/error.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::server {
namespace {

void join_namespace_and_run(const std::string& name, const std::function<void()>& function) {
  const std::string path = "/run/netns/" + name;
  UniqueFd target(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (target.get() < 0) {
    const int error = errno;
    throw RuntimeError("network namespace '" + name + "': cannot open " + path + ": " + std::strerror(error) +
                       (error == ENOENT ? " (create it with `ip netns add " + name + "` or start the lab first)" : ""));
  }
  UniqueFd original(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (original.get() < 0) throw RuntimeError(std::string("cannot open /proc/thread-self/ns/net: ") + std::strerror(errno));
  if (::setns(target.get(), CLONE_NEWNET) != 0) {
    const int error = errno;
    throw RuntimeError("cannot enter network namespace '" + name + "': " + std::strerror(error) +
                       (error == EPERM ? " (needs root or CAP_SYS_ADMIN)" : ""));
  }
  std::exception_ptr failure;
  try {
    function();
  } catch (...) {
    failure = std::current_exception();
  }
  // This thread ends right after, but return anyway: nothing may ever run in a namespace by accident.
  if (::setns(original.get(), CLONE_NEWNET) != 0) std::terminate();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

void run_in_network_namespace(const std::string& name, const std::function<void()>& function) {
  std::exception_ptr failure;
  std::thread helper([&] {
    try {
      join_namespace_and_run(name, function);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace netkeel::server
