#pragma once
// What every KeyValueStore must do, as one value-parameterised suite: include this header in exactly
// one test file of a test binary and instantiate it with a factory, e.g.
//
//   INSTANTIATE_TEST_SUITE_P(Etcd, KeyValueStoreConformance,
//                            ::testing::Values(KeyValueStoreFactory{"etcd", [] { return make_client(); }}));
//
// The factory may return a store shared with other tests (a real etcd): every test works under its
// own random key prefix and never looks outside it. Nothing here depends on etcd.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <random>
#include <string>

#include <fmt/format.h>

#include "netkeel/ha/key_value_store.hpp"

namespace netkeel::ha::testing {

struct KeyValueStoreFactory {
  std::string name;
  std::function<std::unique_ptr<KeyValueStore>()> make;
};

inline void PrintTo(const KeyValueStoreFactory& factory, std::ostream* os) { *os << factory.name; }

class KeyValueStoreConformance : public ::testing::TestWithParam<KeyValueStoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
    std::random_device random;
    prefix_ = fmt::format("/netkeel-conformance/{:08x}{:08x}/", random(), random());
  }

  std::string key(const std::string& name) const { return prefix_ + name; }

  // Creates KEY (absent before) and returns its revision.
  std::int64_t create(const std::string& k, const std::string& value) {
    const WriteOutcome outcome = store_->compare_and_set(k, value, 0);
    EXPECT_TRUE(outcome.succeeded) << k;
    return outcome.revision;
  }

  std::unique_ptr<KeyValueStore> store_;
  std::string prefix_;
};

TEST_P(KeyValueStoreConformance, AnAbsentKeyReadsAsNothing) {
  EXPECT_EQ(store_->get(key("absent")), std::nullopt);
  EXPECT_TRUE(store_->list(prefix_).empty());
}

TEST_P(KeyValueStoreConformance, CreateIfAbsentSucceedsOnceAndTheLoserSeesTheWinner) {
  const WriteOutcome first = store_->compare_and_set(key("vip"), "host-a", 0);
  ASSERT_TRUE(first.succeeded);
  EXPECT_GT(first.revision, 0);
  EXPECT_EQ(first.current, std::nullopt);

  const auto read = store_->get(key("vip"));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->key, key("vip"));
  EXPECT_EQ(read->value, "host-a");
  EXPECT_EQ(read->mod_revision, first.revision);

  const WriteOutcome second = store_->compare_and_set(key("vip"), "host-b", 0);
  EXPECT_FALSE(second.succeeded);
  ASSERT_TRUE(second.current.has_value());
  EXPECT_EQ(second.current->key, key("vip"));
  EXPECT_EQ(second.current->value, "host-a");
  EXPECT_EQ(second.current->mod_revision, first.revision);
  EXPECT_EQ(store_->get(key("vip"))->value, "host-a");
}

TEST_P(KeyValueStoreConformance, CompareAndSetWritesOnlyOnTheRevisionSeen) {
  const std::int64_t created = create(key("vip"), "host-a");
  const WriteOutcome renewed = store_->compare_and_set(key("vip"), "host-a renewed", created);
  ASSERT_TRUE(renewed.succeeded);
  EXPECT_GT(renewed.revision, created);
  EXPECT_EQ(store_->get(key("vip"))->mod_revision, renewed.revision);

  // A writer still holding the old revision loses, and learns what the key holds now.
  const WriteOutcome stale = store_->compare_and_set(key("vip"), "host-b", created);
  EXPECT_FALSE(stale.succeeded);
  ASSERT_TRUE(stale.current.has_value());
  EXPECT_EQ(stale.current->value, "host-a renewed");
  EXPECT_EQ(stale.current->mod_revision, renewed.revision);
  EXPECT_EQ(store_->get(key("vip"))->value, "host-a renewed");
}

TEST_P(KeyValueStoreConformance, CompareAndSetOnAnAbsentKeyWithARevisionFails) {
  const WriteOutcome outcome = store_->compare_and_set(key("never-written"), "host-a", 12345);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(outcome.current, std::nullopt);
  EXPECT_EQ(store_->get(key("never-written")), std::nullopt);
}

TEST_P(KeyValueStoreConformance, CompareAndDeleteRemovesOnlyOnTheRevisionSeen) {
  const std::int64_t created = create(key("vip"), "host-a");
  const std::int64_t renewed = store_->compare_and_set(key("vip"), "host-a again", created).revision;
  ASSERT_GT(renewed, created);

  const WriteOutcome stale = store_->compare_and_delete(key("vip"), created);
  EXPECT_FALSE(stale.succeeded);
  ASSERT_TRUE(stale.current.has_value());
  EXPECT_EQ(stale.current->value, "host-a again");
  EXPECT_EQ(stale.current->mod_revision, renewed);

  const WriteOutcome deleted = store_->compare_and_delete(key("vip"), renewed);
  EXPECT_TRUE(deleted.succeeded);
  EXPECT_GE(deleted.revision, renewed);
  EXPECT_EQ(store_->get(key("vip")), std::nullopt);

  const WriteOutcome again = store_->compare_and_delete(key("vip"), renewed);
  EXPECT_FALSE(again.succeeded);
  EXPECT_EQ(again.current, std::nullopt);

  // A deleted key can be created again, at a newer revision.
  EXPECT_GT(create(key("vip"), "host-b"), renewed);
}

TEST_P(KeyValueStoreConformance, ListReturnsExactlyThePrefixInKeyOrder) {
  const std::string dir = key("vips/");
  for (const std::string name : {"mysql", "api", "api-internal", "zz", "\xff"}) create(dir + name, "v-" + name);
  create(key("vips"), "shorter than the prefix");       // the prefix without its last byte
  create(key("vips0"), "just past the prefix");          // '0' follows '/': the first key after the range
  create(key("vipr/inside-alphabetically-before"), "x");  // sorts before, shares all but one byte

  const auto listed = store_->list(dir);
  std::vector<std::string> keys, values;
  for (const auto& kv : listed) {
    keys.push_back(kv.key);
    values.push_back(kv.value);
    EXPECT_GT(kv.mod_revision, 0);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{dir + "api", dir + "api-internal", dir + "mysql", dir + "zz", dir + "\xff"}));
  EXPECT_EQ(values, (std::vector<std::string>{"v-api", "v-api-internal", "v-mysql", "v-zz", "v-\xff"}));
  EXPECT_EQ(store_->list(key("vips")).size(), 7u);  // vips, vips/..., vips0
}

TEST_P(KeyValueStoreConformance, RevisionsIncreaseAcrossKeys) {
  const std::int64_t a = create(key("a"), "1");
  const std::int64_t b = create(key("b"), "1");
  const std::int64_t a2 = store_->compare_and_set(key("a"), "2", a).revision;
  const std::int64_t b2 = store_->compare_and_set(key("b"), "2", b).revision;
  EXPECT_LT(a, b);
  EXPECT_LT(b, a2);
  EXPECT_LT(a2, b2);
  const auto listed = store_->list(prefix_);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].mod_revision, a2);
  EXPECT_EQ(listed[1].mod_revision, b2);
}

TEST_P(KeyValueStoreConformance, KeysAndValuesKeepEveryByte) {
  using namespace std::string_literals;
  const std::string binary_key = key("bin\0ary\x01\x7f\x80"s);
  const std::string binary_value = "\0\xff\n\"{}\\ \xc3\xa9"s;
  create(binary_key, binary_value);
  create(key("empty"), "");
  EXPECT_EQ(store_->get(binary_key)->value, binary_value);
  const auto empty = store_->get(key("empty"));
  ASSERT_TRUE(empty.has_value());  // an empty value is still a present key
  EXPECT_EQ(empty->value, "");
  EXPECT_GT(empty->mod_revision, 0);
}

}  // namespace netkeel::ha::testing
