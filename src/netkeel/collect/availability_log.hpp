#pragma once
// Says once that a source (libvirt, OVS) is unavailable, and once that it is back, instead of an
// error every collection. Writes one line to stderr on each change.
#include <string>

namespace netkeel::collect {

class AvailabilityLog {
 public:
  explicit AvailabilityLog(std::string source) : source_(std::move(source)) {}
  // The outcome of one attempt; logs only when it differs from the last one. Returns true when it logged.
  bool report(bool available, const std::string& why = "");
  bool available() const { return available_; }
  const std::string& why() const { return why_; }

 private:
  std::string source_;
  bool known_ = false;
  bool available_ = false;
  std::string why_;
};

}  // namespace netkeel::collect
