#include "netkeel/render/render_format.hpp"

namespace netkeel::render {

std::string to_string(Format f) {
  switch (f) {
    case Format::netplan: return "netplan";
    case Format::networkd: return "networkd";
    case Format::iproute2: return "iproute2";
    case Format::json: return "json";
    case Format::etcd: return "etcd";
  }
  return "?";
}

std::optional<Format> parse_format(std::string_view name) {
  for (Format f : kAllFormats) {
    if (to_string(f) == name) return f;
  }
  return std::nullopt;
}

std::string format_names() {
  std::string out;
  for (Format f : kAllFormats) out += (out.empty() ? "" : ", ") + to_string(f);
  return out;
}

}  // namespace netkeel::render
