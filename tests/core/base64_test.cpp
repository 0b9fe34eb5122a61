#include "netkeel/core/base64.hpp"

#include <gtest/gtest.h>

namespace netkeel {
namespace {

TEST(Base64, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesWhatItEncodesForEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t length = 0; length <= all.size(); length += 1) {
    const std::string bytes = all.substr(all.size() - length);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << length;
  }
  EXPECT_EQ(base64_decode("+/+/"), std::string("\xfb\xff\xbf"));
}

TEST(Base64, RejectsWhatIsNotCanonicalBase64) {
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zm9v!A==", "Zm=v", "Zh==", "Zm9=", "=Zm9", "Zm9vYg==Zm9v", "Zm9v\n",
                          "Zm-_"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace netkeel
