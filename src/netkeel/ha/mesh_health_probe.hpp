#pragma once
// The `mesh` check: this host still reaches a quorum of its peers on the service's network, judged from
// the probe results of the agent next to it. The keeper reads the agent's own /metrics page (loopback or
// the agent's --metrics-address), family netkeel_probe_interval_loss_ratio: a peer counts as reached when
// one of its probes on the network lost less than half over the agent's last report interval. Quorum: this
// host plus the peers it reaches are more than half of the hosts on the network. A keeper that cannot read
// the agent fails the check (it cannot tell isolation from a healthy network).
#include <memory>
#include <string>
#include <vector>

#include "netkeel/ha/health_probe.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::ha {

struct MeshVerdict {
  bool quorum = false;
  std::vector<std::string> reached, unreached;
};

// Pure: the verdict for HOST from an agent's metrics page, PEERS being the other hosts on NETWORK.
MeshVerdict judge_mesh(const std::string& metrics_text, const std::string& host, const std::string& network,
                       const std::vector<std::string>& peers);

class MeshHealthProbe final : public HealthProbe {
 public:
  MeshHealthProbe(std::unique_ptr<http::HttpClient> client, std::string metrics_url, std::string host,
                  std::string network, std::vector<std::string> peers);
  ProbeOutcome run(Nanoseconds timeout) override;
  std::string describe() const override { return "mesh " + network_; }

 private:
  std::unique_ptr<http::HttpClient> client_;
  std::string url_, host_, network_;
  std::vector<std::string> peers_;
};

}  // namespace netkeel::ha
