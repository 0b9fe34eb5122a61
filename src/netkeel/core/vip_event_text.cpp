#include "netkeel/core/vip_event_text.hpp"

namespace netkeel {

namespace {
constexpr std::string_view kTaken = ": VIP taken by ";
constexpr std::string_view kReleased = ": VIP released by ";
constexpr std::string_view kCause = " (cause: ";
}  // namespace

std::string vip_takeover_text(const std::string& service, const std::string& host) {
  return service + std::string(kTaken) + host;
}

std::string vip_release_text(const std::string& service, const std::string& host, const std::string& why) {
  return service + std::string(kReleased) + host + std::string(kCause) + why + ")";
}

std::optional<VipEventFacts> parse_vip_event(const std::string& kind, const std::string& text) {
  VipEventFacts facts;
  facts.taken = kind == kVipTakeoverKind;
  if (!facts.taken && kind != kVipReleaseKind) return std::nullopt;
  const std::string_view marker = facts.taken ? kTaken : kReleased;
  const auto at = text.find(marker);
  if (at == std::string::npos || at == 0) return std::nullopt;
  facts.service = text.substr(0, at);
  std::string rest = text.substr(at + marker.size());
  if (!facts.taken) {
    const auto cause = rest.find(kCause);
    if (cause == std::string::npos || rest.back() != ')') return std::nullopt;
    facts.why = rest.substr(cause + kCause.size(), rest.size() - cause - kCause.size() - 1);
    rest.resize(cause);
  }
  if (rest.empty() || rest.find(' ') != std::string::npos) return std::nullopt;
  facts.host = std::move(rest);
  return facts;
}

}  // namespace netkeel
