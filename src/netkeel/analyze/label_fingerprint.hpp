#pragma once
// An alert's identity as Alertmanager computes it (prometheus/common model.LabelSet.Fingerprint):
// FNV-1a 64 over the labels sorted by name, each name and value followed by the byte 0xff, shown as 16
// hex digits. netkeel logs it and keys its send schedule by it, so a line in netkeel's log, Alertmanager's
// API (GET /api/v2/alerts) and a webhook payload name one alert with one string.
#include <cstdint>
#include <map>
#include <string>

namespace netkeel::analyze {

using LabelSet = std::map<std::string, std::string>;  // sorted by name, as the fingerprint needs

std::uint64_t label_fingerprint(const LabelSet& labels);

// "%016x", as Alertmanager prints it.
std::string fingerprint_text(std::uint64_t fingerprint);

}  // namespace netkeel::analyze
