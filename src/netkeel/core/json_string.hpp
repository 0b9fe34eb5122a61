#pragma once
// A string as a JSON string literal, for the hand-written JSON of the hot paths (the agent's batches, log
// lines, rendered plans), which all need the same answer for the same bytes.
#include <string>
#include <string_view>

namespace netkeel::core {

// Appends `text` quoted: " and \ escaped, \b \f \n \r \t as such, other control characters as \u00XX,
// valid UTF-8 as it is, and each byte that is not valid UTF-8 as U+FFFD, so the output is valid JSON
// whatever bytes came in (a label value, a log message).
void append_json_string(std::string& out, std::string_view text);

}  // namespace netkeel::core
