#pragma once
// Each host interface's damped state from the agents' link events (link_down, link_up, link_flapping;
// the interface is the event text's first word) and each bond member's state from
// netkeel_bond_member_up. The newest event or sample by its own timestamp wins, so batches arriving late
// or out of order do not roll a state back. Pure.
#include <map>
#include <string>
#include <tuple>

#include "netkeel/store/batch.hpp"

namespace netkeel::analyze {

using store::TimestampMs;

enum class LinkCondition { up, down, flapping };

struct LinkRecord {
  LinkCondition condition = LinkCondition::up;
  TimestampMs since_ms = 0;  // the event that set this condition
};

struct BondMemberRecord {
  bool up = true;
  TimestampMs at_ms = 0;  // the sample's time
};

class LinkStates {
 public:
  void add(const store::Batch& batch);
  // A condition known from elsewhere (an alert reloaded after a restart); newer events still win.
  void seed(const std::string& host, const std::string& interface, LinkCondition condition, TimestampMs since_ms);
  void prune(TimestampMs now_ms, TimestampMs forget_after_ms);

  // (host, interface)
  const std::map<std::pair<std::string, std::string>, LinkRecord>& links() const { return links_; }
  // (host, bond, member)
  const std::map<std::tuple<std::string, std::string, std::string>, BondMemberRecord>& bond_members() const {
    return members_;
  }

 private:
  std::map<std::pair<std::string, std::string>, LinkRecord> links_;
  std::map<std::tuple<std::string, std::string, std::string>, BondMemberRecord> members_;
};

}  // namespace netkeel::analyze
