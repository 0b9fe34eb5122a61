#pragma once
// The UDP echo responder every agent runs: sends each probe payload straight back, from the address it
// was sent to. Only netkeel payloads are answered (same size back: no amplification, no open reflector
// for other protocols). Each reply carries how long the probe waited here (udp_echo_hold.hpp), so the
// agent may let probes gather and answer them with one wakeup.
#include <cstdint>

#include "netkeel/core/ipv4.hpp"
#include "netkeel/probe/echo_responder.hpp"
#include "netkeel/probe/receive_batch.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {

class UdpResponder final : public EchoResponder {
 public:
  UdpResponder(Ipv4Address listen, uint16_t port);  // throws RuntimeError (port in use, ...)
  int poll_fd() const override { return fd_.get(); }
  uint16_t port() const { return port_; }
  size_t answer_pending() override;  // answers everything queued; returns how many
  uint64_t answered_total() const override { return answered_; }

 private:
  UniqueFd fd_;
  uint16_t port_;
  static constexpr size_t kLongestAnswered = 64;  // a netkeel probe is 16 or 24 bytes
  ReceiveBatch probes_{64, kLongestAnswered};
  uint64_t answered_ = 0;
};

}  // namespace netkeel::probe
