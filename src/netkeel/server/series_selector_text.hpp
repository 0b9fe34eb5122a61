#pragma once
// A series selector as a Prometheus user writes it first: `metric`, `metric{}` or
// `metric{src="n1", dst=~"cmp.*", kind!="udp"}`. Split into the metric name and one matcher text per
// label in the form the API's `match=` parameter takes (`src=n1`, `dst=~cmp.*`), so both spellings end in
// the same matchers. Values are Prometheus strings: double, single or back quotes; `\"`, `\\`, `\n`, `\t`.
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::server {

struct SeriesSelectorText {
  std::string metric;
  std::vector<std::string> matchers;  // "name=value", "name!=value", "name=~regex", "name!~regex"
};

// Throws BadRequest naming the selector, the position and the fix.
SeriesSelectorText parse_series_selector_text(std::string_view text);

}  // namespace netkeel::server
