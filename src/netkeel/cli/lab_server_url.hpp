#pragma once
// Where `netkeel query` and `netkeel matrix` find a server when --server is not given: the running lab's
// server, whose URL `netkeel lab up` writes to a file, else the default local server.
#include <string>

namespace netkeel::cli {

inline constexpr const char* kDefaultServerUrl = "http://127.0.0.1:9948";

// The first line of the first readable file of: $NETKEEL_LAB_DIR/server-url,
// /run/netkeel/labs/<lab>/server-url (the lab's directory); else kDefaultServerUrl.
std::string lab_server_url(const std::string& lab);

}  // namespace netkeel::cli
