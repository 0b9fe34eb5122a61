#pragma once
// How a batch travels to the server (docs/api.md): POST <server>/api/v1/batches, its JSON wire form
// gzip-compressed, with the site token as bearer. The agent's shipper and the keeper's events both send
// batches this way.
#include <chrono>
#include <string>

#include "netkeel/http/http_client.hpp"

namespace netkeel::store {

inline constexpr const char* kBatchesPath = "/api/v1/batches";

// SERVER_URL ("http://10.0.0.11:9948", a trailing '/' or not) + kBatchesPath.
std::string batches_url(std::string server_url);

http::Request batch_post_request(const std::string& url, const std::string& token, std::string gzipped_body,
                                 std::chrono::milliseconds timeout);

}  // namespace netkeel::store
