#pragma once
// The name of the device that carries a service's VIP on the host holding it. Linux allows 15 bytes, so
// the name is "nkv-", the first 6 characters of the service (anything but letters, digits, '_' and '-'
// becomes '_'), '-' and 4 hex digits of FNV-1a-64 of the whole service name: "keystone" -> "nkv-keysto-3f0a".
// Every host derives the same name, and two services that share their first 6 characters still differ.
#include <string>
#include <string_view>

namespace netkeel::ha {

std::string vip_device_name(std::string_view service);

}  // namespace netkeel::ha
