#pragma once
// The PEM texts an HttpServer serves HTTPS with (GnuTLS reads them from memory).
#include <string>

namespace netkeel::http {

struct HttpServerTls {
  std::string certificate_pem;  // the server's certificate, then any intermediates
  std::string key_pem;          // its private key, not encrypted
  std::string client_ca_pem;    // "" = no client certificate asked; else one signed by this CA is required
};

}  // namespace netkeel::http
