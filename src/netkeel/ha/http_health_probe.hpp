#pragma once
// `check: {http: PATH}`: GET http://ADDRESS:PORT/PATH answers 2xx or 3xx (as keepalived's HTTP_GET and
// most load balancers judge it); anything else, or no answer in time, fails.
#include <cstdint>
#include <memory>
#include <string>

#include "netkeel/ha/health_probe.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::ha {

class HttpHealthProbe final : public HealthProbe {
 public:
  HttpHealthProbe(std::unique_ptr<http::HttpClient> client, std::string url)
      : client_(std::move(client)), url_(std::move(url)) {}
  ProbeOutcome run(Nanoseconds timeout) override;
  std::string describe() const override { return "http " + url_; }

 private:
  std::unique_ptr<http::HttpClient> client_;
  std::string url_;
};

}  // namespace netkeel::ha
