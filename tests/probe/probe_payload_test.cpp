#include "netkeel/probe/probe_payload.hpp"

#include <gtest/gtest.h>

#include "netkeel/probe/icmp_prober.hpp"

namespace netkeel::probe {
namespace {

TEST(ProbePayload, RoundTripsAndRejectsForeignBytes) {
  const ProbePayload p{0xdeadbeef, 7, 0x01020304};
  auto bytes = encode_payload(p);
  ASSERT_EQ(bytes.size(), kProbePayloadSize);
  EXPECT_EQ(decode_payload(bytes), p);
  bytes.push_back(0);  // trailing bytes are allowed (padding)
  EXPECT_EQ(decode_payload(bytes), p);
  EXPECT_FALSE(decode_payload(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 15)));
  bytes[3] = '2';
  EXPECT_FALSE(decode_payload(bytes));
}

TEST(InternetChecksum, KnownVectors) {
  // RFC 1071's example words 0001 f203 f4f5 f6f7 sum to ddf2, checksum 220d.
  const uint8_t words[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum(words, sizeof words), 0x220d);
  const uint8_t odd[] = {0x01};
  EXPECT_EQ(internet_checksum(odd, 1), uint16_t(~0x0100));
}

}  // namespace
}  // namespace netkeel::probe
