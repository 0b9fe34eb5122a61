#include "netkeel/server/tls_context.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "netkeel/core/error.hpp"

namespace netkeel::server {
namespace {

// OpenSSL's reasons for the last failure, oldest first, and the queue emptied.
std::string openssl_errors() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    if (!text.empty()) text += "; ";
    text += line;
  }
  return text.empty() ? "no detail from OpenSSL" : text;
}

void check_readable(const char* flag, const std::string& path) {
  if (std::ifstream(path)) return;
  throw UsageError(std::string(flag) + " " + path + ": cannot read it (" + std::strerror(errno) +
                   "): give a readable PEM file");
}

std::string asn1_time_text(const ASN1_TIME* time) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || ASN1_TIME_print(bio.get(), time) != 1) return "an unreadable date";
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

// An encrypted key would make OpenSSL ask for a passphrase on the terminal; a daemon must fail instead.
int refuse_passphrase(char*, int, int, void*) { return 0; }

void use_certificate(SSL_CTX& context, const std::string& file) {
  check_readable("--tls-cert", file);
  if (SSL_CTX_use_certificate_chain_file(&context, file.c_str()) != 1) {
    throw UsageError("--tls-cert " + file + ": not a usable PEM certificate (" + openssl_errors() +
                     "): give the server's certificate in PEM ('-----BEGIN CERTIFICATE-----'), see docs/server.md");
  }
  const X509* certificate = SSL_CTX_get0_certificate(&context);
  if (X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0) {
    throw UsageError("--tls-cert " + file + ": the certificate expired on " +
                     asn1_time_text(X509_get0_notAfter(certificate)) + ": give a current certificate");
  }
  if (X509_cmp_current_time(X509_get0_notBefore(certificate)) > 0) {
    throw UsageError("--tls-cert " + file + ": the certificate is not valid before " +
                     asn1_time_text(X509_get0_notBefore(certificate)) +
                     ": check this machine's clock, or give a certificate valid now");
  }
}

void use_private_key(SSL_CTX& context, const std::string& key_file, const std::string& cert_file) {
  check_readable("--tls-key", key_file);
  // Read here rather than by SSL_CTX_use_PrivateKey_file, which reports a key that does not match the
  // certificate like an unreadable one; the two have different fixes.
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(key_file.c_str(), "r"), &BIO_free);
  const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &refuse_passphrase, nullptr) : nullptr, &EVP_PKEY_free);
  if (!key) {
    throw UsageError("--tls-key " + key_file + ": not a usable PEM private key (" + openssl_errors() +
                     "): give the certificate's private key in PEM, not encrypted (openssl pkey -in KEY -out "
                     "PLAIN decrypts one)");
  }
  if (SSL_CTX_use_PrivateKey(&context, key.get()) != 1 || SSL_CTX_check_private_key(&context) != 1) {
    ERR_clear_error();
    throw UsageError("--tls-key " + key_file + " is not the key of the certificate in --tls-cert " + cert_file +
                     ": give the key the certificate was made for");
  }
}

void require_client_certificates(SSL_CTX& context, const std::string& ca_file) {
  check_readable("--tls-client-ca", ca_file);
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(ca_file.c_str());
  if (names == nullptr || SSL_CTX_load_verify_locations(&context, ca_file.c_str(), nullptr) != 1) {
    if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
    throw UsageError("--tls-client-ca " + ca_file + ": no PEM CA certificate in it (" + openssl_errors() +
                     "): give the certificate of the CA that signs the clients' certificates");
  }
  SSL_CTX_set_client_CA_list(&context, names);  // the context owns the list now
  SSL_CTX_set_verify(&context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
}

}  // namespace

void configure_tls_context(SSL_CTX& context, const ServerTlsFiles& files) {
  if (files.cert_file.empty() || files.key_file.empty()) {
    throw UsageError("--tls-cert and --tls-key go together: give both (the certificate and its private key)");
  }
  ERR_clear_error();
  SSL_CTX_set_min_proto_version(&context, TLS1_2_VERSION);
  SSL_CTX_set_options(&context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  use_certificate(context, files.cert_file);
  use_private_key(context, files.key_file, files.cert_file);
  if (!files.client_ca_file.empty()) require_client_certificates(context, files.client_ca_file);
}

void check_tls_files(const ServerTlsFiles& files) {
  const std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_server_method()), &SSL_CTX_free);
  if (!context) throw RuntimeError("TLS: OpenSSL cannot create a server context: " + openssl_errors());
  configure_tls_context(*context, files);
}

}  // namespace netkeel::server
