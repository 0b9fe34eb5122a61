#include "netkeel/collect/proc_net_stats.hpp"

#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {
namespace {

TEST(ProcNetStats, ParsesEveryHeaderValuePair) {
  const std::string text =
      "Ip: Forwarding DefaultTTL InReceives\n"
      "Ip: 1 64 12345\n"
      "Tcp: RtoAlgorithm MaxConn RetransSegs\n"
      "Tcp: 1 -1 77\n"
      "TcpExt: ListenDrops NewCounterFromTheFuture\n"
      "TcpExt: 3 18446744073709551615\n";
  const auto stats = parse_proc_net_stats(text, "snmp");
  ASSERT_EQ(stats.size(), 8u);
  EXPECT_EQ(stats[0].protocol, "Ip");
  EXPECT_EQ(stats[0].field, "Forwarding");
  EXPECT_EQ(stats[2].value, 12345);
  EXPECT_EQ(stats[4].field, "MaxConn");
  EXPECT_EQ(stats[4].value, -1);
  EXPECT_EQ(stats[5].field, "RetransSegs");
  EXPECT_EQ(stats[5].value, 77);
  EXPECT_EQ(stats[7].field, "NewCounterFromTheFuture");
  EXPECT_EQ(static_cast<uint64_t>(stats[7].value), 18446744073709551615ull);
}

struct BadCase {
  const char* text;
  const char* message;  // expected in the error, with the line
};

TEST(ProcNetStats, RejectsMismatchedLinesNamingTheLine) {
  const BadCase cases[] = {
      {"Ip: A B\nIp: 1\n", "snmp:2: 2 fields in the header but 1 values"},
      {"Ip: A B\nTcp: 1 2\n", "snmp:2: value line does not belong to 'Ip:'"},
      {"Ip: A\n", "snmp:1: header line without its value line"},
      {"Ip: A\nIp: x\n", "snmp:2: value 'x' of Ip A is not a number"},
      {"Ip A\nIp 1\n", "snmp:1: expected 'Proto: Field ...'"},
  };
  for (const auto& c : cases) {
    try {
      parse_proc_net_stats(c.text, "snmp");
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const RuntimeError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(ProcNetStats, ReadsThisKernelsFiles) {
  const auto stats = read_proc_net_stats();
  bool retrans = false, listen_drops = false;
  for (const auto& s : stats) {
    retrans |= s.protocol == "Tcp" && s.field == "RetransSegs";
    listen_drops |= s.protocol == "TcpExt" && s.field == "ListenDrops";
  }
  EXPECT_TRUE(retrans);
  EXPECT_TRUE(listen_drops);
}

}  // namespace
}  // namespace netkeel::collect
