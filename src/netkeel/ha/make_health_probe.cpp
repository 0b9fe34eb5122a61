#include "netkeel/ha/make_health_probe.hpp"

#include "netkeel/core/error.hpp"
#include "netkeel/ha/exec_health_probe.hpp"
#include "netkeel/ha/http_health_probe.hpp"
#include "netkeel/ha/tcp_health_probe.hpp"

namespace netkeel::ha {

namespace {
const Ipv4Address kLoopback(0x7f000001);
}

std::unique_ptr<HealthProbe> make_health_probe(const site::Service& service) {
  const site::HealthCheck& check = service.check;
  switch (check.kind) {
    case site::HealthCheck::Kind::none:
      return nullptr;
    case site::HealthCheck::Kind::tcp:
      return std::make_unique<TcpHealthProbe>(kLoopback, check.tcp_port);
    case site::HealthCheck::Kind::http:
      if (service.ports.empty()) {
        throw UsageError("service '" + service.name + "' has an http check but no port; give it `port:`");
      }
      return std::make_unique<HttpHealthProbe>(
          std::make_unique<http::CurlHttpClient>(),
          "http://" + kLoopback.str() + ":" + std::to_string(service.ports.front()) + check.http_path);
    case site::HealthCheck::Kind::exec:
      return std::make_unique<ExecHealthProbe>(check.exec_command);
  }
  return nullptr;
}

HealthTiming health_timing(const site::HealthCheck& check) {
  return HealthTiming{check.interval, check.timeout, check.fall, check.rise};
}

}  // namespace netkeel::ha
