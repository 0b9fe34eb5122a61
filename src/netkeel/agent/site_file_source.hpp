#pragma once
// --site FILE: the text of a local file, offered again whenever its modification time changes.
#include <filesystem>
#include <string>

#include "netkeel/agent/site_text_source.hpp"

namespace netkeel::agent {

class SiteFileSource final : public SiteTextSource {
 public:
  explicit SiteFileSource(std::string file);
  SiteText initial() override;  // throws UsageError when the file cannot be read
  std::optional<SiteText> changed() override;
  void accepted(const SiteText&) override {}
  std::string describe() const override { return file_; }

 private:
  std::string file_;
  std::filesystem::file_time_type seen_{};
};

}  // namespace netkeel::agent
