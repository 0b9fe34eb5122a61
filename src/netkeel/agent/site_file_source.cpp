#include "netkeel/agent/site_file_source.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "netkeel/core/error.hpp"
#include "netkeel/plan/site_text_plan.hpp"

namespace netkeel::agent {
namespace {

std::optional<SiteText> read_site_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return SiteText{text.str(), plan::site_text_hash(text.str()), file};
}

}  // namespace

SiteFileSource::SiteFileSource(std::string file) : file_(std::move(file)) {}

SiteText SiteFileSource::initial() {
  std::error_code ec;
  seen_ = std::filesystem::last_write_time(file_, ec);
  auto text = read_site_file(file_);
  if (!text) throw UsageError("--site " + file_ + ": cannot read the file: check the path and its permissions");
  return *text;
}

std::optional<SiteText> SiteFileSource::changed() {
  std::error_code ec;
  const auto now = std::filesystem::last_write_time(file_, ec);
  if (ec || now == seen_) return std::nullopt;
  seen_ = now;
  return read_site_file(file_);
}

}  // namespace netkeel::agent
