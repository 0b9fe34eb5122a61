#include <gtest/gtest.h>

#include <fstream>

#include "support/temporary_directory.hpp"
#include "netkeel/agent/shipping.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

std::string usage_error_of(const ShippingOptions& options) {
  try {
    check_shipping_options(options);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(ShippingOptions, BadServerUrlsAreUsageErrorsNamingTheValueAndTheForm) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "token") << "shipping-options-token\n";
  for (const char* url : {"10.10.0.1:9948", "ftp://10.10.0.1", "http://", "http:///api", "http://:9948", "server"}) {
    ShippingOptions options{url, (dir.path() / "token").string()};
    const std::string message = usage_error_of(options);
    EXPECT_NE(message.find(std::string("--server '") + url + "'"), std::string::npos) << url << ": " << message;
    EXPECT_NE(message.find("http://HOST:PORT"), std::string::npos) << message;
  }
  for (const char* url : {"http://10.10.0.1:9948", "https://netkeel.example:443/", "http://localhost:9948/prefix"}) {
    EXPECT_EQ(usage_error_of(ShippingOptions{url, (dir.path() / "token").string()}), "") << url;
  }
}

TEST(ShippingOptions, ServerNeedsAReadableTokenFile) {
  EXPECT_NE(usage_error_of(ShippingOptions{"http://127.0.0.1:9948", ""}).find("--server needs --token-file"),
            std::string::npos);
  EXPECT_NE(usage_error_of(ShippingOptions{"http://127.0.0.1:9948", "/nonexistent/token"}).find("/nonexistent/token"),
            std::string::npos);
}

TEST(ShippingOptions, TheDefaultsAreTheDocumentedOnes) {
  const ShippingOptions defaults;
  EXPECT_EQ(defaults.server_url, "");
  EXPECT_EQ(defaults.spool_dir, "/var/lib/netkeel/spool");
  EXPECT_EQ(defaults.spool_max_bytes, 256u * 1024 * 1024);
}

}  // namespace
}  // namespace netkeel::agent
