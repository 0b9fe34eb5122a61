#pragma once
// Where `netkeel keep` finds etcd and the site file (--lab NAME | --etcd URLS --site FILE), and how it
// talks to it: with --lab from inside a member's namespace, trying each member's in turn (a member's own
// namespace may be cut off by a lab fault).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/ha/key_value_store.hpp"

namespace netkeel::cli {

struct KeepSourceFlags {
  std::optional<std::string> lab;
  std::string etcd;
  std::string site_file;
};

struct KeepSource {
  std::vector<std::string> endpoints;
  std::vector<std::string> namespaces;  // read from inside the first of these that answers (none: here)
  std::string site_file;
};

// Throws UsageError when the flags do not say where etcd and the site file are.
KeepSource find_keep_source(const KeepSourceFlags& flags);

// Runs WORK with a store client (2 s per request) from where etcd answers. Throws RuntimeError naming
// every failure when no place answers.
void with_keep_store(const KeepSource& source, const std::function<void(ha::KeyValueStore& store)>& work);

}  // namespace netkeel::cli
