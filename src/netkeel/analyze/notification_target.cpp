#include "netkeel/analyze/notification_target.hpp"

namespace netkeel::analyze {

std::string to_string(DestinationKind kind) {
  return kind == DestinationKind::alertmanager ? "alertmanager" : "webhook";
}

}  // namespace netkeel::analyze
