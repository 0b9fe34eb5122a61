#pragma once
// The hosts the diagnose endpoints know: every host the site file cables on some network. A name it does
// not know is a 404 that suggests the closest one.
#include <optional>
#include <string>
#include <vector>

#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/server/api_response.hpp"

namespace netkeel::server {

std::vector<std::string> site_host_names(const analyze::SiteProbePaths& paths);

// Nothing when `host` is known; else the 404 naming the parameter, the closest host and the known ones.
std::optional<ApiResponse> unknown_host_response(const analyze::SiteProbePaths& paths, const std::string& parameter,
                                                 const std::string& host);

}  // namespace netkeel::server
