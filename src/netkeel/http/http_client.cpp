#include "netkeel/http/http_client.hpp"

#include <cctype>

#include <curl/curl.h>

#include <fmt/format.h>

#include <utility>

#include "netkeel/core/error.hpp"

namespace netkeel::http {
namespace {

// curl_global_init is not thread-safe on older libcurl; do it once, before the first handle.
void initialise_curl_once() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) throw RuntimeError(fmt::format("libcurl: global init failed: {}", curl_easy_strerror(code)));
}

struct BodySink {
  std::string& body;
  std::size_t max_bytes;  // 0 = no limit
  bool too_long = false;
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& sink = *static_cast<BodySink*>(user);
  if (sink.max_bytes != 0 && sink.body.size() + size * count > sink.max_bytes) {
    sink.too_long = true;
    return 0;  // libcurl ends the transfer with CURLE_WRITE_ERROR
  }
  sink.body.append(data, size * count);
  return size * count;
}

class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void add(const std::string& line) {
    curl_slist* grown = curl_slist_append(list_, line.c_str());
    if (grown == nullptr) throw RuntimeError("libcurl: out of memory building request headers");
    list_ = grown;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// What to do about a TLS failure, in the words of the flags that fix it; "" for other failures.
std::string tls_failure_hint(CURLcode code, const std::string& url, const std::string& detail,
                             const TlsClientFiles& tls) {
  if (url.rfind("https://", 0) != 0) return "";
  if (detail.find("wrong version number") != std::string::npos) {  // a plain HTTP server answered the handshake
    return " (the server does not speak TLS on this port: use an http:// URL, or run the server with --tls-cert)";
  }
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
      return tls.ca_file.empty()
                 ? " (the server's certificate is not signed by a CA this system trusts: give --ca-cert FILE, "
                   "the CA that signed the server's --tls-cert; and the URL's host must be in that certificate)"
                 : " (the server's certificate is not signed by the CA in " + tls.ca_file +
                       ", or the URL's host is not in it: give --ca-cert the CA that signed the server's --tls-cert)";
    case CURLE_SSL_CACERT_BADFILE:
      return " (--ca-cert " + tls.ca_file + " is not a PEM CA certificate: give the CA's certificate file)";
    case CURLE_SSL_CERTPROBLEM:
      return " (--client-cert " + tls.client_cert_file + " cannot be used: give a PEM certificate signed by the "
             "server's --tls-client-ca, with its key in --client-key)";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:  // a TLS 1.3 server that refused the certificate may just close the connection
      return tls.client_cert_file.empty()
                 ? " (if the server is run with --tls-client-ca, give --client-cert and --client-key signed by that CA)"
                 : "";
    default:
      return "";
  }
}

}  // namespace

CurlHttpClient::CurlHttpClient(TlsClientFiles tls) : tls_(std::move(tls)) {
  initialise_curl_once();
  handle_ = curl_easy_init();
  if (handle_ == nullptr) throw RuntimeError("libcurl: cannot create an easy handle");
}

CurlHttpClient::~CurlHttpClient() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

Response CurlHttpClient::send(const Request& request) {
  std::lock_guard lock(mutex_);
  CURL* curl = static_cast<CURL*>(handle_);
  // Reset drops the previous request's options but keeps the connection cache (keep-alive).
  curl_easy_reset(curl);

  Response response;
  char error_buffer[CURL_ERROR_SIZE] = {};
  HeaderList headers;
  for (const auto& [name, value] : request.headers) headers.add(name + ": " + value);
  headers.add("Expect:");  // no 100-continue round trip before large bodies

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in threads
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append_body);
  BodySink body{response.body, request.max_body_bytes};
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  // Verification is libcurl's default; it is set anyway so that no later edit can lose it silently.
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!tls_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, tls_.ca_file.c_str());
  if (!tls_.client_cert_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, tls_.client_cert_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  }
  if (!tls_.client_key_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLKEY, tls_.client_key_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  const CURLcode code = curl_easy_perform(curl);
  // The header list dies at the end of this call; the handle must not keep a pointer to it.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK && body.too_long) {
    throw ResponseTooLong(fmt::format("{} {}: the answer is longer than {} bytes", request.method, request.url,
                                   request.max_body_bytes));
  }
  if (code != CURLE_OK) {
    const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    throw RuntimeError(fmt::format("{} {}: no HTTP response: {}{}", request.method, request.url, detail,
                                   tls_failure_hint(code, request.url, detail, tls_)));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  const char* content_type = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type != nullptr) {
    response.content_type = content_type;
  }
  // Only the last request's headers (-1), only netkeel's own: nothing else is read by any caller.
  for (curl_header* h = nullptr; (h = curl_easy_nextheader(curl, CURLH_HEADER, -1, h)) != nullptr;) {
    std::string name = h->name;
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.starts_with("x-netkeel-")) response.netkeel_headers.emplace_back(std::move(name), h->value);
  }
  return response;
}

}  // namespace netkeel::http
