#pragma once
// Where an agent (or keeper) gets its site file's text: a local file (--site FILE, re-read when its
// modification time changes) or a netkeel server (--site-from URL, polled with the text's hash as ETag).
// The text is planned by the caller; the source is told whether it was taken, so it keeps only a good one.
#include <cstdint>
#include <optional>
#include <string>

namespace netkeel::agent {

struct SiteText {
  std::string text;
  std::string hash;    // plan::site_text_hash(text)
  std::string origin;  // the file or URL, for messages and as FILE in FILE:LINE:COL
  std::int64_t version = 0;  // the server's number for it (X-Netkeel-Site-Version); 0: a file or a cached copy
};

class SiteTextSource {
 public:
  virtual ~SiteTextSource() = default;
  // The text to start from. Throws UsageError or RuntimeError naming the file or URL and the fix.
  virtual SiteText initial() = 0;
  // A text that differs from the last one handed out, when there is one by now; never blocks for long.
  virtual std::optional<SiteText> changed() = 0;
  // The caller planned `text` and uses it now (a served source keeps it as the host's cached copy).
  virtual void accepted(const SiteText& text) = 0;
  // Where the text comes from, for messages.
  virtual std::string describe() const = 0;
};

}  // namespace netkeel::agent
