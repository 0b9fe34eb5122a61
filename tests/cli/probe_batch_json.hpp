#pragma once
// A batch in the wire format (docs/api.md) for the tests/cli tests that feed `netkeel server`.
#include <string>

namespace netkeel::cli_testing {

// node1 -> node2 on mgmt over the last 20 s: 20 probes sent, 5 lost, RTTs of 1 ms and 3 ms.
inline std::string probe_batch_json(long long now_ms) {
  const long long t0 = now_ms - 20000;
  std::string samples;
  for (int i = 0; i <= 20; ++i) {
    const long long t = t0 + i * 1000;
    if (!samples.empty()) samples += ",";
    samples += "[0," + std::to_string(t) + "," + std::to_string(i) + "],[1," + std::to_string(t) + "," +
               std::to_string(i / 4) + "],[2," + std::to_string(t) + "," + (i % 2 ? "0.001" : "0.003") + "]";
  }
  const std::string labels = R"({"src":"node1","dst":"node2","network":"mgmt","kind":"icmp"})";
  return R"({"version":1,"id":{"host":"node1","sequence":1},"series":[)"
         R"({"metric":"netkeel_probe_sent_total","labels":)" + labels + R"(},)"
         R"({"metric":"netkeel_probe_lost_total","labels":)" + labels + R"(},)"
         R"({"metric":"netkeel_probe_rtt_seconds","labels":)" + labels + R"(}],"samples":[)" + samples +
         R"(],"events":[]})";
}

}  // namespace netkeel::cli_testing
