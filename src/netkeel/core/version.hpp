#pragma once
// netkeel's version, from CMake's project() (the one place it is written; scripts/package.sh reads it
// there too): `netkeel --version`, and the agent's netkeel_build_info{version} the server shows per host.
#include <string_view>

namespace netkeel {

std::string_view netkeel_version();

}  // namespace netkeel
