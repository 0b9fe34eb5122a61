#pragma once
// Where `netkeel query`, `matrix` and `events` find a server when --server is not given: a running lab's
// server, whose URL and token `netkeel lab up` writes to files, else the default local server.
#include <optional>
#include <string>

#include "netkeel/lab/lab_state.hpp"

namespace netkeel::cli {

inline constexpr const char* kDefaultServerUrl = "http://127.0.0.1:9948";

struct LabServerAccess {
  std::string lab;         // the lab's name ("" for $NETKEEL_LAB_DIR)
  std::string url;         // the first line of the server-url file
  std::string token_file;  // the token file next to it; "" when there is none
};

// The server of a lab: $NETKEEL_LAB_DIR/server-url when that variable is set, else the named lab's, else the
// only lab with a server on this machine. Nothing when no lab runs a server and none was named. Throws
// UsageError when the named lab does not exist or has no server, or when several labs run one and none was
// named (the message lists them and names --lab / --server).
std::optional<LabServerAccess> find_lab_server(const std::optional<std::string>& lab,
                                               const lab::LabStore& store = lab::LabStore{});

}  // namespace netkeel::cli
