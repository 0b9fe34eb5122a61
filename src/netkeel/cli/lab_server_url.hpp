#pragma once
// Where `netkeel query` and `netkeel matrix` find a server when --server is not given: the running lab's
// server, whose URL and token `netkeel lab up` writes to files, else the default local server.
#include <optional>
#include <string>

namespace netkeel::cli {

inline constexpr const char* kDefaultServerUrl = "http://127.0.0.1:9948";

struct LabServerAccess {
  std::string url;         // the first line of the server-url file
  std::string token_file;  // the token file next to it; "" when there is none
};

// From the first readable server-url file of $NETKEEL_LAB_DIR/server-url and
// /run/netkeel/labs/<lab>/server-url (the lab's directory), with the token file of the same directory;
// nothing when neither exists (no lab is up).
std::optional<LabServerAccess> find_lab_server(const std::string& lab);

}  // namespace netkeel::cli
