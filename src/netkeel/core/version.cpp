#include "netkeel/core/version.hpp"

namespace netkeel {

std::string_view netkeel_version() { return NETKEEL_VERSION; }

}  // namespace netkeel
