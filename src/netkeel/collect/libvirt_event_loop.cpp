#include "netkeel/collect/libvirt_event_loop.hpp"

#include <pthread.h>
#include <signal.h>

#include "netkeel/collect/libvirt_library.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::collect {

namespace {

// libvirt prints every error to stderr unless told otherwise; netkeel reports them itself, once.
void quiet(void*, virErrorPtr) {}

void wake_once(int timer, void*) { libvirt().virEventRemoveTimeout(timer); }

}  // namespace

LibvirtEventLoop::LibvirtEventLoop() {
  libvirt().virSetErrorFunc(nullptr, quiet);
  if (libvirt().virInitialize() < 0 || libvirt().virEventRegisterDefaultImpl() < 0) {
    const char* why = libvirt().virGetLastErrorMessage();
    throw RuntimeError(std::string("libvirt event loop: ") + (why ? why : "cannot start"));
  }
  thread_ = std::thread([this] {
    // Signals belong to the agent's loop (signalfd): this thread must never take SIGTERM's default action.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    while (!stop_.load()) libvirt().virEventRunDefaultImpl();
  });
}

LibvirtEventLoop::~LibvirtEventLoop() {
  stop_ = true;
  // A timer firing at once wakes virEventRunDefaultImpl, which then sees stop_.
  libvirt().virEventAddTimeout(0, wake_once, nullptr, nullptr);
  if (thread_.joinable()) thread_.join();
}

void LibvirtEventLoop::ensure_running() { static LibvirtEventLoop loop; }

}  // namespace netkeel::collect
