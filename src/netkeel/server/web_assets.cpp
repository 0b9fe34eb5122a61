#include "netkeel/server/web_assets.hpp"

namespace netkeel::server {

const WebAsset* find_web_asset(std::string_view path) {
  for (const WebAsset& asset : embedded_web_assets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace netkeel::server
