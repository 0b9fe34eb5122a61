// The fake store keeps etcd's revision rules and injects the faults VIP ownership must survive.
#include "fakes/ha/fake_key_value_store.hpp"

#include <gtest/gtest.h>

#include "ha/key_value_store_conformance.hpp"

namespace netkeel::ha {
namespace {

// The fake keeps the contract real etcd keeps (tests/ha_service runs the same suite against etcd).
using testing::KeyValueStoreConformance;
using testing::KeyValueStoreFactory;

INSTANTIATE_TEST_SUITE_P(Fake, KeyValueStoreConformance,
                         ::testing::Values(KeyValueStoreFactory{
                             "fake", [] { return std::make_unique<FakeKeyValueStore>(); }}),
                         [](const auto& info) { return info.param.name; });

TEST(FakeKeyValueStore, OneRevisionCounterForTheWholeStore) {
  FakeKeyValueStore store;
  EXPECT_EQ(store.get("/a"), std::nullopt);
  const auto a = store.compare_and_set("/a", "x", 0);
  ASSERT_TRUE(a.succeeded);
  const auto b = store.compare_and_set("/b", "y", 0);
  ASSERT_TRUE(b.succeeded);
  EXPECT_GT(b.revision, a.revision);
  EXPECT_EQ(store.get("/a")->mod_revision, a.revision);
  EXPECT_EQ(store.revision(), b.revision);
}

TEST(FakeKeyValueStore, CompareAndSetWritesOnlyOnTheExpectedRevision) {
  FakeKeyValueStore store;
  const auto created = store.compare_and_set("/k", "a", 0);
  const auto again = store.compare_and_set("/k", "b", 0);  // create-if-absent, but it exists
  EXPECT_FALSE(again.succeeded);
  ASSERT_TRUE(again.current);
  EXPECT_EQ(again.current->value, "a");
  EXPECT_EQ(again.current->mod_revision, created.revision);
  const auto stale = store.compare_and_set("/k", "b", created.revision - 1);
  EXPECT_FALSE(stale.succeeded);
  const auto next = store.compare_and_set("/k", "b", created.revision);
  ASSERT_TRUE(next.succeeded);
  EXPECT_EQ(store.get("/k")->value, "b");
  EXPECT_EQ(store.get("/k")->mod_revision, next.revision);
}

TEST(FakeKeyValueStore, CompareAndDeleteRemovesOnlyOnTheExpectedRevision) {
  FakeKeyValueStore store;
  const auto created = store.compare_and_set("/k", "a", 0);
  EXPECT_FALSE(store.compare_and_delete("/k", created.revision + 1).succeeded);
  const std::int64_t before = store.revision();
  const auto nothing = store.compare_and_delete("/absent", 0);  // etcd: an absent key is at revision 0
  EXPECT_TRUE(nothing.succeeded);
  EXPECT_EQ(nothing.revision, before);
  EXPECT_EQ(store.revision(), before);
  EXPECT_FALSE(store.compare_and_delete("/absent", 1).succeeded);
  const auto deleted = store.compare_and_delete("/k", created.revision);
  ASSERT_TRUE(deleted.succeeded);
  EXPECT_EQ(deleted.revision, store.revision());
  EXPECT_EQ(store.get("/k"), std::nullopt);
  EXPECT_TRUE(store.compare_and_set("/k", "again", 0).succeeded);
}

TEST(FakeKeyValueStore, ListReturnsThePrefixInKeyOrder) {
  FakeKeyValueStore store;
  store.force_put("/vips/b", "2");
  store.force_put("/vips/a", "1");
  store.force_put("/vipsx", "no");
  store.force_put("/other", "no");
  const auto listed = store.list("/vips/");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, "/vips/a");
  EXPECT_EQ(listed[1].key, "/vips/b");
}

TEST(FakeKeyValueStore, APartitionedStoreAnswersNothingAndChangesNothing) {
  FakeKeyValueStore store;
  store.set_unavailable(true);
  EXPECT_THROW(store.get("/k"), KeyValueUnavailable);
  EXPECT_THROW(store.list("/"), KeyValueUnavailable);
  EXPECT_THROW(store.compare_and_set("/k", "a", 0), KeyValueUnavailable);
  EXPECT_THROW(store.compare_and_delete("/k", 0), KeyValueUnavailable);
  EXPECT_EQ(store.peek("/k"), std::nullopt);
  store.set_unavailable(false);
  EXPECT_TRUE(store.compare_and_set("/k", "a", 0).succeeded);
}

TEST(FakeKeyValueStore, ALostAnswerStillWrites) {
  FakeKeyValueStore store;
  store.lose_next_answers(1);
  EXPECT_THROW(store.compare_and_set("/k", "a", 0), KeyValueUnavailable);
  ASSERT_TRUE(store.peek("/k"));
  EXPECT_EQ(store.peek("/k")->value, "a");
  EXPECT_TRUE(store.compare_and_set("/k", "b", store.peek("/k")->mod_revision).succeeded);  // answered again
}

TEST(FakeKeyValueStore, ARefusedWriteLosesNoAnswer) {
  FakeKeyValueStore store;
  store.force_put("/k", "a");
  store.lose_next_answers(1);
  EXPECT_FALSE(store.compare_and_set("/k", "b", 0).succeeded);  // nothing written: nothing to lose
  EXPECT_THROW(store.compare_and_set("/k", "b", store.revision()), KeyValueUnavailable);
}

TEST(FakeKeyValueStore, TheHookRunsBeforeEveryCallAndMayWriteFirst) {
  FakeKeyValueStore store;
  const auto created = store.compare_and_set("/k", "a", 0);
  std::vector<std::string> seen;
  store.before_call = [&](KeyValueCall call, const std::string& key) {
    seen.push_back(to_string(call) + " " + key);
    if (call == KeyValueCall::compare_and_set) store.force_put(key, "intruder");
  };
  const auto outcome = store.compare_and_set("/k", "a", created.revision);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(outcome.current->value, "intruder");
  store.get("/k");
  EXPECT_EQ(seen, (std::vector<std::string>{"compare_and_set /k", "get /k"}));
  EXPECT_EQ(store.calls(KeyValueCall::compare_and_set), 2);
  EXPECT_EQ(store.calls(KeyValueCall::get), 1);
  EXPECT_EQ(store.calls(KeyValueCall::list), 0);
}

}  // namespace
}  // namespace netkeel::ha
