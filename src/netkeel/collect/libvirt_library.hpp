#pragma once
// libvirt, opened with dlopen on first use instead of linked: libvirt.so pulls in ~20 libraries (glib,
// gio, libxml2, ICU, libssh, libcurl-gnutls, ...), about 7 MB of resident pages in every agent, and an
// agent with VM counters off, or on a host without libvirtd, never calls it. Declared with libvirt's own
// prototypes (decltype), so a call through the table is type-checked like a direct one.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

namespace netkeel::collect {

// The libvirt calls netkeel makes, name for name.
#define NETKEEL_LIBVIRT_FUNCTIONS(X)            \
  X(virInitialize)                              \
  X(virSetErrorFunc)                            \
  X(virGetLastErrorMessage)                     \
  X(virEventRegisterDefaultImpl)                \
  X(virEventRunDefaultImpl)                     \
  X(virEventAddTimeout)                         \
  X(virEventRemoveTimeout)                      \
  X(virConnectOpenReadOnly)                     \
  X(virConnectClose)                            \
  X(virConnectSetKeepAlive)                     \
  X(virConnectDomainEventRegisterAny)           \
  X(virConnectDomainEventDeregisterAny)         \
  X(virConnectRegisterCloseCallback)            \
  X(virConnectUnregisterCloseCallback)          \
  X(virConnectListAllDomains)                   \
  X(virDomainLookupByUUIDString)                \
  X(virDomainGetUUIDString)                     \
  X(virDomainGetName)                           \
  X(virDomainIsActive)                          \
  X(virDomainGetXMLDesc)                        \
  X(virDomainInterfaceStats)                    \
  X(virDomainFree)

struct LibvirtLibrary {
#define NETKEEL_LIBVIRT_MEMBER(name) decltype(&::name) name = nullptr;
  NETKEEL_LIBVIRT_FUNCTIONS(NETKEEL_LIBVIRT_MEMBER)
#undef NETKEEL_LIBVIRT_MEMBER

  // Opens libvirt.so.0 on the first call (then the same table, never closed: libvirt and glib cannot be
  // unloaded). Throws RuntimeError naming the library and the fix when it is missing or lacks a function.
  static const LibvirtLibrary& get();
};

// Shorthand at the call sites: libvirt().virDomainFree(d).
inline const LibvirtLibrary& libvirt() { return LibvirtLibrary::get(); }

}  // namespace netkeel::collect
