#pragma once
// A Prober for unit tests: records what was sent; the test decides which probes get replies and when.
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "netkeel/probe/prober.hpp"

namespace netkeel::probe::testing {

struct SentProbe {
  TargetId id;
  uint32_t seq;
  ProbeTarget target;
};

class FakeProber final : public Prober {
 public:
  bool send(TargetId id, uint32_t seq, const ProbeTarget& target) override {
    sent.push_back({id, seq, target});
    if (answer)
      if (auto rtt = answer(id, seq))
        pending.push_back({id, seq, *rtt, answer_send_time ? answer_send_time(seq) : SendTimeSource::none});
    return !refuse_sends;
  }
  std::vector<size_t> send_batch(std::span<const OutgoingProbe> probes) override {
    batch_sizes.push_back(probes.size());
    return Prober::send_batch(probes);
  }
  std::vector<ProbeReply> take_replies() override {
    auto out = std::move(pending);
    pending.clear();
    return out;
  }
  bool stamps_replies() const override { return stamped; }
  void expire(TargetId id, uint32_t seq) override { expired.insert({id, seq}); }
  void remove(TargetId id) override { removed.push_back(id); }

  void reply_to_all_sent() {
    for (const auto& s : sent) pending.push_back({s.id, s.seq, std::nullopt});
    sent.clear();
  }

  std::vector<SentProbe> sent;
  std::vector<size_t> batch_sizes;  // one entry per send_batch call
  std::vector<ProbeReply> pending;
  std::set<std::pair<TargetId, uint32_t>> expired;
  std::vector<TargetId> removed;
  bool refuse_sends = false;
  bool stamped = false;  // stamps_replies(): the engine reads it at its next wakeup, not right after a send
  // When set, each probe it answers gets a reply at once carrying this (kernel-measured) RTT.
  std::function<std::optional<Nanoseconds>(TargetId, uint32_t)> answer;
  // When set, where each answered probe's send time came from (kernel stamp or the agent's clock).
  std::function<SendTimeSource(uint32_t)> answer_send_time;
};

}  // namespace netkeel::probe::testing
