#pragma once
// What a host says about its own NICs over the window: the evidence that splits components the probes
// cannot tell apart (a NIC, its cable and its switch port are crossed by the same probes). Gathered from
// the store by the server (the agents' counters and link events); pure data here.
#include <map>
#include <string>
#include <utility>

namespace netkeel::analyze {

struct NicEvidence {
  double error_increase = 0;   // rx/tx errors (the kernel's totals: CRC, frame, FIFO, carrier...) in the window
  // Of those, frames that arrived damaged or a carrier that faltered while sending (rx_crc_errors,
  // rx_frame_errors, rx_length_errors, tx_carrier_errors): the cable, the switch port's transmitter or
  // this NIC's receiver. netkeel has no switch counters, so it cannot tell the cable from the port.
  double wire_errors = 0;
  // The NIC's own rings and hardware (rx_fifo_errors, rx_missed_errors, rx_over_errors, tx_fifo_errors,
  // tx_aborted_errors, tx_heartbeat_errors, tx_window_errors): this NIC or its driver.
  double device_errors = 0;
  double drop_increase = 0;    // rx/tx drops counted in the window (the host's stack or the NIC's rings)
  double carrier_changes = 0;  // carrier ups and downs in the window (counter increase, or link events)
  bool went_down = false;      // a link_down (or raw down) event in the window
  std::map<std::string, double> rising;  // counter name (rx_crc_errors, ...) -> its increase, when it rose
};

struct LocalEvidence {
  std::map<std::pair<std::string, std::string>, NicEvidence> nics;  // (host, nic) -> evidence

  const NicEvidence* find(const std::string& host, const std::string& nic) const {
    auto it = nics.find({host, nic});
    return it == nics.end() ? nullptr : &it->second;
  }
};

}  // namespace netkeel::analyze
