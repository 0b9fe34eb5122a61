#pragma once
// Standard base64 (RFC 4648, with '=' padding), as etcd's JSON gateway writes keys and values. Pure.
#include <optional>
#include <string>
#include <string_view>

namespace netkeel {

std::string base64_encode(std::string_view bytes);
// nullopt when TEXT is not canonical padded base64 (wrong length, a character outside the alphabet,
// padding in the middle, or non-zero bits in the last character before the padding).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace netkeel
