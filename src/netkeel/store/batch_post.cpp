#include "netkeel/store/batch_post.hpp"

namespace netkeel::store {

std::string batches_url(std::string server_url) {
  while (!server_url.empty() && server_url.back() == '/') server_url.pop_back();
  return server_url + kBatchesPath;
}

http::Request batch_post_request(const std::string& url, const std::string& token, std::string gzipped_body,
                                 std::chrono::milliseconds timeout) {
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Authorization", "Bearer " + token},
                     {"Content-Type", "application/json"},
                     {"Content-Encoding", "gzip"}};
  request.body = std::move(gzipped_body);
  request.timeout = timeout;
  return request;
}

}  // namespace netkeel::store
