#include "netkeel/ha/vip_device_name.hpp"

#include <fmt/format.h>

#include <cctype>

#include "netkeel/core/fnv1a.hpp"

namespace netkeel::ha {

std::string vip_device_name(std::string_view service) {
  std::string readable;
  for (char c : service.substr(0, 6)) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    readable += allowed ? c : '_';
  }
  return fmt::format("nkv-{}-{:04x}", readable, fnv1a_64(service) & 0xffff);
}

}  // namespace netkeel::ha
