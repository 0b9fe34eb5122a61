#include "netkeel/collect/libvirt_event_loop.hpp"

#include <pthread.h>
#include <signal.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {

namespace {

// libvirt prints every error to stderr unless told otherwise; netkeel reports them itself, once.
void quiet(void*, virErrorPtr) {}

void wake_once(int timer, void*) { virEventRemoveTimeout(timer); }

}  // namespace

LibvirtEventLoop::LibvirtEventLoop() {
  virSetErrorFunc(nullptr, quiet);
  if (virInitialize() < 0 || virEventRegisterDefaultImpl() < 0) {
    const char* why = virGetLastErrorMessage();
    throw RuntimeError(std::string("libvirt event loop: ") + (why ? why : "cannot start"));
  }
  thread_ = std::thread([this] {
    // Signals belong to the agent's loop (signalfd): this thread must never take SIGTERM's default action.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    while (!stop_.load()) virEventRunDefaultImpl();
  });
}

LibvirtEventLoop::~LibvirtEventLoop() {
  stop_ = true;
  // A timer firing at once wakes virEventRunDefaultImpl, which then sees stop_.
  virEventAddTimeout(0, wake_once, nullptr, nullptr);
  if (thread_.joinable()) thread_.join();
}

void LibvirtEventLoop::ensure_running() { static LibvirtEventLoop loop; }

}  // namespace netkeel::collect
