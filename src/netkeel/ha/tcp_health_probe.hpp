#pragma once
// `check: {tcp: PORT}`: the service accepts a TCP connection on PORT (connect, then close at once).
#include <cstdint>
#include <string>

#include "netkeel/core/ipv4.hpp"
#include "netkeel/ha/health_probe.hpp"

namespace netkeel::ha {

class TcpHealthProbe final : public HealthProbe {
 public:
  TcpHealthProbe(Ipv4Address address, std::uint16_t port) : address_(address), port_(port) {}
  ProbeOutcome run(Nanoseconds timeout) override;
  std::string describe() const override;

 private:
  Ipv4Address address_;
  std::uint16_t port_;
};

}  // namespace netkeel::ha
