#pragma once
// The agents' NIC counters (netkeel_nic_*_total{host, interface}, docs/metrics.md) as local evidence:
// each counter's increase over the window goes into its NIC's NicEvidence. The kernel's rx_errors and
// tx_errors already include the detailed error counters, so the totals count once and the details only
// say which side the errors point at. Carrier changes take the larger of the counter and the link events
// (both count the same changes). Pure.
#include <span>
#include <string>
#include <vector>

#include "netkeel/analyze/local_evidence.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::analyze {

// The metric names to read from the store (netkeel_nic_rx_crc_errors_total, ...).
const std::vector<std::string>& nic_evidence_metrics();

// `series`: points of any of those metrics in the window, each labelled host and interface; others are
// skipped.
void add_nic_counter_evidence(LocalEvidence& evidence, std::span<const store::SeriesPoints> series);

// "ctl2:eno1: rx_crc_errors +12, 3 carrier changes in the window".
std::string describe_nic_evidence(const std::string& host, const std::string& nic, const NicEvidence& evidence);

// Whether the NIC says anything: errors, carrier changes or going down (drops alone do not: a host's stack
// drops packets for harmless reasons, such as frames of a protocol it does not run).
bool has_local_signal(const NicEvidence& evidence);

}  // namespace netkeel::analyze
