#pragma once
// Runs a function on a helper thread that has joined network namespace NAME (/run/netns/NAME, made by
// `ip netns add`), then returns that thread to its namespace. setns(2) moves only the calling thread, so the
// rest of the process, and the machine's own namespace, are untouched. Sockets the function creates
// belong to NAME for their whole life; that is how the server listens inside a lab.
#include <functional>
#include <string>

namespace netkeel::server {

// Rethrows what `function` throws; throws RuntimeError when the namespace cannot be joined
// (missing: hint `ip netns add`; EPERM: needs CAP_SYS_ADMIN).
void run_in_network_namespace(const std::string& name, const std::function<void()>& function);

}  // namespace netkeel::server
