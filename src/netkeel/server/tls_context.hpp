#pragma once
// Sets up one OpenSSL context for the server's listeners from the PEM files, checking each file as it
// goes, so that a bad file stops `netkeel server` at start (before any socket is bound) with a message
// naming the flag, the file and the fix, rather than every client failing its handshake later.
#include <openssl/ssl.h>

#include "netkeel/server/server_tls_files.hpp"

namespace netkeel::server {

// TLS 1.2 or later; certificate chain and key (which must match, and the certificate must be valid now);
// with client_ca_file, clients without a certificate signed by that CA are refused in the handshake.
// Throws UsageError (a file is unreadable, not PEM, encrypted, expired, or the key does not match).
void configure_tls_context(SSL_CTX& context, const ServerTlsFiles& files);

// configure_tls_context on a context of its own, thrown away: `netkeel server` checks the files before
// it opens the store, so a bad file leaves nothing behind.
void check_tls_files(const ServerTlsFiles& files);

}  // namespace netkeel::server
