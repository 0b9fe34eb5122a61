#pragma once
// The agent's shipping knobs, with their defaults (docs/shipping.md lists them all).
#include <cstdint>
#include <string>

#include "netkeel/agent/spool.hpp"
#include "netkeel/http/tls_client_files.hpp"

namespace netkeel::agent {

struct ShippingOptions {
  std::string server_url;                               // --server URL ("" = no shipping)
  std::string token_file;                               // --token-file: the site's token on its first line
  http::TlsClientFiles tls;                             // --ca-cert, --client-cert, --client-key (https:// only)
  std::string spool_dir = "/var/lib/netkeel/spool";     // --spool-dir
  std::uint64_t spool_max_bytes = kDefaultSpoolMaxBytes;  // --spool-max-bytes (256 MiB); oldest dropped first
  std::uint64_t corrupt_max_files = kDefaultCorruptMaxFiles;  // --spool-corrupt-max-files (100); oldest deleted first
  std::uint64_t corrupt_max_bytes = kDefaultCorruptMaxBytes;  // --spool-corrupt-max-bytes (64 MiB); oldest deleted first
  std::uint64_t backoff_seed = 0;  // seeds the retry jitter; the agent sets a hash of site and host
};

}  // namespace netkeel::agent
