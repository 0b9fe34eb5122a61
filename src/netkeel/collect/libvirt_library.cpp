#include "netkeel/collect/libvirt_library.hpp"

#include <dlfcn.h>

#include <string>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {

namespace {

constexpr const char* kSoname = "libvirt.so.0";

LibvirtLibrary open_libvirt() {
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw RuntimeError(std::string("cannot load ") + kSoname + " (" + (why ? why : "not found") +
                       "): install libvirt0 for per-VM counters");
  }
  LibvirtLibrary api;
#define NETKEEL_LIBVIRT_RESOLVE(name)                                                                 \
  api.name = reinterpret_cast<decltype(api.name)>(dlsym(handle, #name));                            \
  if (!api.name) throw RuntimeError(std::string(kSoname) + " has no " #name ": libvirt 1.2.1 or newer is needed");
  NETKEEL_LIBVIRT_FUNCTIONS(NETKEEL_LIBVIRT_RESOLVE)
#undef NETKEEL_LIBVIRT_RESOLVE
  return api;
}

}  // namespace

const LibvirtLibrary& LibvirtLibrary::get() {
  static const LibvirtLibrary api = open_libvirt();  // a throw leaves it unset: the next call tries again
  return api;
}

}  // namespace netkeel::collect
