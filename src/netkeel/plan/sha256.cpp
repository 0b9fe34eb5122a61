#include "netkeel/plan/sha256.hpp"

#include <openssl/evp.h>

#include "netkeel/core/error.hpp"

namespace netkeel::plan {

Sha256Digest sha256(std::string_view data) {
  Sha256Digest digest{};
  unsigned int length = 0;
  // EVP_Digest fails only when libcrypto cannot fetch SHA-256 (a broken or FIPS-misconfigured install);
  // a digest of zeros would silently give every host the same MAC, so that is an error, not a value.
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != digest.size()) {
    throw RuntimeError("SHA-256 from OpenSSL's libcrypto failed; check the OpenSSL installation "
                       "(openssl dgst -sha256 must work)");
  }
  return digest;
}

}  // namespace netkeel::plan
