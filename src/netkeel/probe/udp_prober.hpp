#pragma once
// UDP echo to the peer agents' responders. Probes rotate over a pool of sockets, each on its own
// ephemeral source port, so flows hash onto different LAG / ECMP members and one bad member shows as
// partial loss instead of hiding. One epoll fd watches the pool. RTT from kernel timestamps: the
// transmit stamp (SO_TIMESTAMPING, one key counter per pool socket) to the receive stamp.
// A batch leaves with one sendmmsg per pool socket; a socket's replies (EPOLLIN) and transmit stamps
// (EPOLLERR: its error queue) are read with recvmmsg only when epoll reports them.
#include <sys/epoll.h>

#include <cstdint>
#include <vector>

#include "netkeel/probe/prober.hpp"
#include "netkeel/probe/receive_batch.hpp"
#include "netkeel/probe/send_batch.hpp"
#include "netkeel/probe/tx_times.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {

inline constexpr int kDefaultUdpSourcePorts = 8;

class UdpProber final : public Prober {
 public:
  UdpProber(uint32_t nonce, int source_ports = kDefaultUdpSourcePorts);  // throws RuntimeError
  bool send(TargetId id, uint32_t seq, const ProbeTarget& target) override;
  std::vector<size_t> send_batch(std::span<const OutgoingProbe> probes) override;
  std::vector<ProbeReply> take_replies() override;
  int poll_fd() const override { return epoll_.get(); }
  bool stamps_replies() const override { return true; }  // SO_TIMESTAMPNS on every reply
  void expire(TargetId id, uint32_t seq) override { tx_.forget(id, seq); }
  void remove(TargetId id) override { tx_.forget(id); }
  std::vector<uint16_t> source_ports() const;
  bool transmit_timestamps() const { return transmit_timestamps_; }  // false: the kernel refused them

 private:
  size_t take_transmit_stamps(size_t socket);  // returns how many error-queue messages it read
  void take_datagrams(size_t socket, std::vector<ProbeReply>& out);
  // By the probe's sequence number alone: a target's consecutive probes take every source port in turn,
  // and the targets of one round (equal sequence numbers) share a socket, so a wakeup's batch leaves in
  // one or two sendmmsg calls instead of one per pool socket.
  size_t socket_for(const OutgoingProbe& p) const { return p.seq % sockets_.size(); }

  uint32_t nonce_;
  std::vector<UniqueFd> sockets_;
  UniqueFd epoll_;
  TxTimes tx_;
  bool transmit_timestamps_ = true;
  SendBatch outgoing_;
  std::vector<size_t> batch_index_;  // outgoing_'s datagrams -> index in the caller's batch
  ReceiveBatch replies_;
  ReceiveBatch stamps_{64, 64};
  std::vector<epoll_event> ready_;
};

}  // namespace netkeel::probe
