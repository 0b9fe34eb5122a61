#pragma once
// ICMP echo. Uses an unprivileged "ping socket" (SOCK_DGRAM, IPPROTO_ICMP) when
// net.ipv4.ping_group_range admits the agent's group, else a raw socket (needs CAP_NET_RAW).
// Replies are matched by the payload (probe_payload.hpp); RTT from kernel timestamps: the transmit
// stamp (SO_TIMESTAMPING, tx_times.hpp) to the receive stamp (SO_TIMESTAMPNS).
// A batch of probes leaves with one sendmmsg; replies and transmit stamps are read with recvmmsg, and
// the error queue only while sent packets still owe their stamp. A raw socket is filtered to this
// prober's echo replies (icmp_reply_filter.hpp).
#include <cstdint>
#include <vector>

#include "netkeel/probe/prober.hpp"
#include "netkeel/probe/receive_batch.hpp"
#include "netkeel/probe/send_batch.hpp"
#include "netkeel/probe/tx_times.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {

class IcmpProber final : public Prober {
 public:
  // dont_fragment: every probe carries DF and is padded to its target's packet_size (path-MTU probes);
  // the kernel's cached path MTU is ignored (IP_PMTUDISC_PROBE), so a too-small hop shows as loss.
  explicit IcmpProber(uint32_t nonce, bool dont_fragment = false);  // throws RuntimeError
  bool send(TargetId id, uint32_t seq, const ProbeTarget& target) override;
  std::vector<size_t> send_batch(std::span<const OutgoingProbe> probes) override;
  std::vector<ProbeReply> take_replies() override;
  int poll_fd() const override { return fd_.get(); }
  bool stamps_replies() const override { return true; }  // SO_TIMESTAMPNS on every reply
  void expire(TargetId id, uint32_t seq) override { tx_.forget(id, seq); }
  void remove(TargetId id) override { tx_.forget(id); }
  bool raw() const { return raw_; }
  bool transmit_timestamps() const { return transmit_timestamps_; }  // false: the kernel refused them

 private:
  void take_transmit_stamps();
  void build_packet(std::vector<uint8_t>& packet, TargetId id, uint32_t seq, const ProbeTarget& target) const;

  UniqueFd fd_;
  bool raw_ = false;
  bool transmit_timestamps_ = false;
  uint32_t nonce_;
  uint16_t identifier_;
  TxTimes tx_;
  SendBatch outgoing_;
  ReceiveBatch replies_;
  ReceiveBatch stamps_{64, 64};  // OPT_TSONLY: an error-queue message carries no packet
  // Packets the kernel took whose transmit stamp is not read yet. Each sent packet queues exactly one
  // stamp (or none, when the device gives none), so at 0 the error queue holds nothing of ours and
  // reading it would be a wasted syscall; stamps that never come keep it above 0, which only costs
  // the read that was always done before.
  size_t unstamped_ = 0;
};

// The Internet checksum (RFC 1071) over `data`.
uint16_t internet_checksum(const uint8_t* data, size_t size);

}  // namespace netkeel::probe
