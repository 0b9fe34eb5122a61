#pragma once
// libvirt's default event loop on its own thread. libvirt allows one per process
// (virEventRegisterDefaultImpl before the first connection), so this is a process-wide singleton:
// started by the first user, stopped and joined at exit. Lifecycle callbacks run on this thread.
#include <atomic>
#include <thread>

namespace netkeel::collect {

class LibvirtEventLoop {
 public:
  // Registers the default implementation and starts the thread on the first call. Throws RuntimeError
  // when libvirt refuses.
  static void ensure_running();

 private:
  LibvirtEventLoop();
  ~LibvirtEventLoop();
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace netkeel::collect
