#include "netkeel/http/tls_client_files.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

#include "netkeel/core/error.hpp"

namespace netkeel::http {
namespace {

void check_readable(const char* flag, const std::string& path, const char* what) {
  if (path.empty()) return;
  std::ifstream in(path);
  if (!in) {
    throw UsageError(std::string(flag) + " " + path + ": cannot read it (" + std::strerror(errno) + "): give " +
                     what + " in PEM");
  }
}

bool starts_with_https(const std::string& url) {
  constexpr std::string_view scheme = "https://";
  if (url.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
  }
  return true;
}

}  // namespace

void check_tls_client_files(const TlsClientFiles& files, const std::string& server_url) {
  if (files.client_cert_file.empty() != files.client_key_file.empty()) {
    throw UsageError(files.client_cert_file.empty()
                         ? "--client-key needs --client-cert FILE too (the certificate that goes with the key)"
                         : "--client-cert needs --client-key FILE too (the private key of that certificate)");
  }
  const bool any = !files.ca_file.empty() || !files.client_cert_file.empty();
  if (any && !starts_with_https(server_url)) {
    throw UsageError(std::string(files.ca_file.empty() ? "--client-cert" : "--ca-cert") +
                     " is for a TLS server, but the server URL is " + server_url +
                     ": give the server as https://HOST:PORT (a server run with --tls-cert)");
  }
  check_readable("--ca-cert", files.ca_file, "the CA certificate that signed the server's certificate");
  check_readable("--client-cert", files.client_cert_file, "this client's certificate");
  check_readable("--client-key", files.client_key_file, "the client certificate's private key");
}

}  // namespace netkeel::http
