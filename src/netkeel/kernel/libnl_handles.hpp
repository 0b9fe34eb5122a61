#pragma once
// Owning handles for libnl objects, so every early return and exception frees what libnl allocated.
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/msg.h>
#include <netlink/object.h>
#include <netlink/socket.h>

#include <memory>

namespace netkeel::kernel {

struct NlMessageFree {
  void operator()(nl_msg* m) const { nlmsg_free(m); }
};
struct NlAddressPut {
  void operator()(nl_addr* a) const { nl_addr_put(a); }
};
struct NlCacheFree {
  void operator()(nl_cache* c) const { nl_cache_free(c); }
};
struct NlObjectPut {
  void operator()(void* o) const { nl_object_put(static_cast<nl_object*>(o)); }
};
struct NlSocketFree {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};

using NlMessage = std::unique_ptr<nl_msg, NlMessageFree>;
using NlAddress = std::unique_ptr<nl_addr, NlAddressPut>;
using NlCache = std::unique_ptr<nl_cache, NlCacheFree>;
using NlSocket = std::unique_ptr<nl_sock, NlSocketFree>;
// Any rtnl_* object (rtnl_link, rtnl_addr, rtnl_route, rtnl_rule, rtnl_neigh): they are nl_objects.
template <typename T>
using NlObject = std::unique_ptr<T, NlObjectPut>;

}  // namespace netkeel::kernel
