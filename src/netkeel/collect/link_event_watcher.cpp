#include "netkeel/collect/link_event_watcher.hpp"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {

namespace {

std::string link_name(const nlmsghdr* h) {
  const auto* info = static_cast<const ifinfomsg*>(NLMSG_DATA(h));
  int len = int(h->nlmsg_len) - int(NLMSG_LENGTH(sizeof(ifinfomsg)));
  for (const rtattr* a = IFLA_RTA(info); RTA_OK(a, len); a = RTA_NEXT(a, len))
    if (a->rta_type == IFLA_IFNAME) return static_cast<const char*>(RTA_DATA(a));
  return "if" + std::to_string(info->ifi_index);
}

}  // namespace

LinkEventWatcher::LinkEventWatcher(const Clock& clock) : clock_(clock) {
  fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd_ < 0) throw RuntimeError(std::string("netlink socket: ") + std::strerror(errno));
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  local.nl_groups = RTMGRP_LINK;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    close(fd_);
    throw RuntimeError(std::string("netlink subscribe to link events: ") + std::strerror(errno));
  }
  // Learn the current state with a dump on the same socket, so no change can fall between the two.
  struct {
    nlmsghdr h;
    rtgenmsg g;
  } request{};
  request.h.nlmsg_len = sizeof request;
  request.h.nlmsg_type = RTM_GETLINK;
  request.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.h.nlmsg_seq = 1;
  request.g.rtgen_family = AF_UNSPEC;
  if (send(fd_, &request, sizeof request, 0) < 0) {
    close(fd_);
    throw RuntimeError(std::string("netlink link dump: ") + std::strerror(errno));
  }
  std::vector<LinkEvent> ignored;
  std::vector<char> buffer(1 << 16);
  for (bool done = false; !done;) {
    const ssize_t n = recv(fd_, buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      close(fd_);
      throw RuntimeError(std::string("netlink link dump: ") + std::strerror(errno));
    }
    int len = int(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_seq == 1 && (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)) done = true;
      handle(h, h->nlmsg_len, ignored, true);
    }
  }
  const int fl = fcntl(fd_, F_GETFL, 0);
  fcntl(fd_, F_SETFL, fl | O_NONBLOCK);  // from here on the agent's loop polls it
}

LinkEventWatcher::~LinkEventWatcher() {
  if (fd_ >= 0) close(fd_);
}

void LinkEventWatcher::handle(const void* message, size_t, std::vector<LinkEvent>& out, bool initial) {
  const auto* h = static_cast<const nlmsghdr*>(message);
  if (h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK) return;
  const auto* info = static_cast<const ifinfomsg*>(NLMSG_DATA(h));
  const bool removed = h->nlmsg_type == RTM_DELLINK;
  const bool up = !removed && (info->ifi_flags & IFF_RUNNING) != 0;
  auto known = up_.find(info->ifi_index);
  const bool changed = known == up_.end() ? !initial : known->second != up;
  if (removed) {
    up_.erase(info->ifi_index);
    names_.erase(info->ifi_index);
  } else {
    up_[info->ifi_index] = up;
    names_[info->ifi_index] = link_name(h);
  }
  if (initial || !changed) return;
  LinkEvent e{link_name(h), info->ifi_index, up, removed, unix_nanoseconds(clock_.wall_now())};
  ++transitions_[e.name];
  out.push_back(std::move(e));
}

std::vector<LinkEvent> LinkEventWatcher::take_events() {
  std::vector<LinkEvent> out;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const ssize_t n = recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      // ENOBUFS: the kernel dropped events because we were slow; the next changes still arrive.
      if (errno == ENOBUFS) continue;
      break;
    }
    int len = int(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
      handle(h, h->nlmsg_len, out, false);
  }
  return out;
}

std::map<std::string, bool> LinkEventWatcher::link_states() const {
  std::map<std::string, bool> out;
  for (const auto& [index, up] : up_)
    if (auto name = names_.find(index); name != names_.end()) out[name->second] = up;
  return out;
}

uint64_t LinkEventWatcher::transitions(const std::string& name) const {
  auto it = transitions_.find(name);
  return it == transitions_.end() ? 0 : it->second;
}

}  // namespace netkeel::collect
