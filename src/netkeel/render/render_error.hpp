#pragma once
// A plan that a format cannot express (e.g. an Open vSwitch host for systemd-networkd). The message
// names the host and the fix; the `render` command reports it and exits 2.
#include <stdexcept>
#include <string>

namespace netkeel::render {

class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace netkeel::render
