#pragma once
// The dashboard's files (web/ in the source tree), compiled into the binary by the build
// (cmake/embed_web_assets.cmake), so the server needs nothing installed beside it and works offline.
#include <span>
#include <string_view>

namespace netkeel::server {

struct WebAsset {
  std::string_view path;   // relative to web/, e.g. "index.html", "vendor/uplot-1.6.32/uPlot.iife.min.js"
  std::string_view bytes;
};

// Sorted by path.
std::span<const WebAsset> embedded_web_assets();

// The asset at `path` (relative to web/), or null.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace netkeel::server
