// The admin keys' names and values: round trips, damaged values skipped, drains and moves read back.
#include "netkeel/ha/keep_admin.hpp"

#include <gtest/gtest.h>

#include "netkeel/ha/handover_value.hpp"

namespace netkeel::ha {
namespace {

TEST(KeepAdmin, KeysLiveUnderTheSitesAdminPrefix) {
  EXPECT_EQ(drain_key("acme", "ctl1"), "/netkeel/acme/admin/drains/ctl1");
  EXPECT_EQ(move_key("acme", "mysql"), "/netkeel/acme/admin/moves/mysql");
  EXPECT_EQ(history_key("acme", 1767225600123, 7), "/netkeel/acme/admin/history/0001767225600123-0007");
  EXPECT_LT(history_key("acme", 999, 0), history_key("acme", 1000, 0));  // key order is time order
}

TEST(KeepAdmin, RequestsAndRecordsRoundTrip) {
  const AdminRequest request{"ops@ctl9", 1767225600123, "ctl2", "drain ctl1"};
  EXPECT_EQ(parse_admin_request(to_json(request)), request);
  const OperationRecord record{1767225600123, "ops@ctl9", "drain", "mysql", "ctl1", "ctl2", "drain ctl1", "done"};
  EXPECT_EQ(parse_operation_record(to_json(record)), record);
  EXPECT_FALSE(parse_admin_request("{\"by\": 3}"));
  EXPECT_FALSE(parse_operation_record("not json"));
}

TEST(KeepAdmin, StateReadsDrainsAndMovesAndSkipsTheRest) {
  const std::vector<KeyValue> keys = {
      {drain_key("s", "ctl1"), to_json(AdminRequest{"a@b", 1, "", "drain"}), 3},
      {move_key("s", "mysql"), to_json(AdminRequest{"a@b", 1, "ctl3", "move"}), 4},
      {move_key("s", "broken"), "{", 5},
      {history_key("s", 1, 0), "{}", 6},
  };
  const AdminState state = parse_admin_state("s", keys);
  EXPECT_EQ(state.drained, (std::set<std::string>{"ctl1"}));
  ASSERT_EQ(state.moves.size(), 1u);
  EXPECT_EQ(state.moves.at("mysql").to, "ctl3");
}

TEST(HandoverValue, NamesTheTargetAndNeverAHolder) {
  EXPECT_EQ(handover_value("ctl2"), "handover:ctl2");
  EXPECT_EQ(handover_target("handover:ctl2"), "ctl2");
  EXPECT_FALSE(handover_target("ctl2"));
  EXPECT_EQ(holder_in("handover:ctl2"), "");
  EXPECT_EQ(holder_in("ctl2"), "ctl2");
  EXPECT_EQ(holder_in(""), "");
}

}  // namespace
}  // namespace netkeel::ha
