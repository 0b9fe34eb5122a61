#pragma once
// Every stored series names the host it describes. An agent's NIC, TCP (netstat), responder and shipping
// counters carry only what its own /metrics page shows (`interface`, ...), so two hosts' eno1 would be
// one series in the store; at ingest each series that has neither `host` nor `src` (a probe names its
// host there) gets `host` = the batch's sending host (id.host).
#include "netkeel/store/batch.hpp"

namespace netkeel::store {

void label_series_with_sending_host(Batch& batch);

}  // namespace netkeel::store
