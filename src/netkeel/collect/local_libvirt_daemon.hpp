#pragma once
// Whether a libvirt URI can answer on this host without loading libvirt to find out. A local
// system URI (qemu:///system, the agent's default) is served by a daemon (libvirtd or virtqemud,
// virtlxcd, ...) whose sockets live in /run/libvirt; with no such directory no daemon runs or can be
// socket-activated, and the connection would fail. The agent then leaves libvirt unloaded (see
// libvirt_library.hpp) and looks again at each retry.
#include <string>

namespace netkeel::collect {

inline constexpr const char* kLibvirtRunDirectory = "/run/libvirt";

// True for DRIVER:///system with a daemon-hosted driver (qemu, lxc, xen, ch, bhyve, vz): no transport,
// no host, no query. Other URIs (test:///default, qemu+ssh://h/system, ...?socket=) are always tried.
bool uses_local_system_daemon(const std::string& uri);

// Why `uri` cannot answer, or "" when it may: a local system URI with no `run_directory`.
std::string missing_local_daemon(const std::string& uri, const std::string& run_directory = kLibvirtRunDirectory);

}  // namespace netkeel::collect
