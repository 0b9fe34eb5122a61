#pragma once
// What every renderer returns: file contents keyed by path relative to the target's root
// (e.g. "etc/netplan/60-netkeel.yaml"). Renderers never write; the `render` command does.
// A std::map keeps the files in path order, so output and golden trees are deterministic.
#include <map>
#include <string>

namespace netkeel::render {

using RenderedFiles = std::map<std::string, std::string>;

}  // namespace netkeel::render
