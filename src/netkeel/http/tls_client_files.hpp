#pragma once
// The PEM files an HTTPS client uses: whom it trusts, and (for servers that ask, --tls-client-ca) who it
// is. The server's certificate is always verified (chain and host name); there is no switch to turn that
// off, so a typo in a URL or a stolen address can never quietly receive a site's batches or token.
#include <string>

namespace netkeel::http {

struct TlsClientFiles {
  std::string ca_file;           // --ca-cert: CA certificate(s) that signed the server's; "" = the system's CAs
  std::string client_cert_file;  // --client-cert: this client's certificate; "" = none
  std::string client_key_file;   // --client-key: its private key; needed with client_cert_file
};

// Checks the files against the server URL before anything connects: each named file is readable, a
// certificate comes with its key (and a key with its certificate), and TLS files go with an https:// URL
// (with http:// they would be silently unused). Throws UsageError naming the flag, the file and the fix.
void check_tls_client_files(const TlsClientFiles& files, const std::string& server_url);

}  // namespace netkeel::http
