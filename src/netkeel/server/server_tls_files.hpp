#pragma once
// The PEM files `netkeel server --tls-cert/--tls-key/--tls-client-ca` serves HTTPS with (docs/server.md).
#include <string>

namespace netkeel::server {

struct ServerTlsFiles {
  std::string cert_file;       // --tls-cert: the server's certificate (then any intermediates), PEM
  std::string key_file;        // --tls-key: its private key, PEM, not encrypted
  std::string client_ca_file;  // --tls-client-ca: "" = no client certificates; else clients must present one
                               // signed by a CA in this file
};

}  // namespace netkeel::server
