#include "netkeel/ha/etcd_endpoints.hpp"

#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {
namespace {

using Members = std::vector<std::string>;

TEST(EtcdEndpoints, KeepsTheOrderAndDropsATrailingSlash) {
  EXPECT_EQ(parse_etcd_endpoints("http://10.10.0.11:2379"), Members{"http://10.10.0.11:2379"});
  EXPECT_EQ(parse_etcd_endpoints("http://ctl2.example:2379/,https://10.10.0.11:2379,http://[fd00::3]:12379"),
            (Members{"http://ctl2.example:2379", "https://10.10.0.11:2379", "http://[fd00::3]:12379"}));
}

struct BadList {
  const char* list;
  const char* problem;
};

TEST(EtcdEndpoints, RejectsBadListsNamingTheEntryAndTheForm) {
  const BadList cases[] = {
      {"", "no member URL given"},
      {"10.10.0.11:2379", "member 1 '10.10.0.11:2379': not an http:// or https:// URL"},
      {"ftp://a:21", "not an http:// or https:// URL"},
      {"http://ctl1", "the port is missing"},
      {"http://:2379", "the host is missing"},
      {"http://ctl1:0", "not a number from 1 to 65535"},
      {"http://ctl1:65536", "not a number from 1 to 65535"},
      {"http://ctl1:23x", "not a number from 1 to 65535"},
      {"http://ctl1:2379/v3", "no path, query or user part"},
      {"http://ctl1:2379?x=1", "no path, query or user part"},
      {"http://root@ctl1:2379", "no path, query or user part"},
      {"http://ctl 1:2379", "bad character ' ' in the host"},
      {"http://[fd00::3:2379", "closing ']'"},
      {"http://a:1,,http://b:2", "member 2 '': an empty entry"},
      {"http://a:1,", "member 2 '': an empty entry"},
      {"http://a:1,http://a:1/", "member 2 'http://a:1/': this member is listed twice"},
  };
  for (const auto& c : cases) {
    try {
      parse_etcd_endpoints(c.list);
      ADD_FAILURE() << "accepted '" << c.list << "'";
    } catch (const UsageError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(c.problem), std::string::npos) << message;
      EXPECT_NE(message.find("--etcd"), std::string::npos) << message;
      EXPECT_NE(message.find("http://HOST:PORT"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace netkeel::ha
