#pragma once
// Small spelling helpers shared by the text renderers, so every format writes a route's destination,
// a table or a header comment the same way.
#include <string>
#include <string_view>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::render {

inline constexpr uint32_t kMainTable = 254;

// fmt::format, appended to `out` (the renderers build each file in one string).
template <class... Args>
void append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// "default" for 0.0.0.0/0, else "A.B.C.D/N".
std::string destination_text(const Ipv4Prefix& destination);
// The first line of every rendered file (after any shebang), with `comment` as the comment leader.
std::string written_by_header(std::string_view comment, const plan::ClusterPlan& plan, const plan::HostPlan& host);
// A YAML scalar: plain when it is a safe identifier-like word, else double-quoted.
std::string yaml_scalar(std::string_view text);
// A POSIX shell word: as is when it needs no quoting, else single-quoted.
std::string shell_word(std::string_view text);

}  // namespace netkeel::render
