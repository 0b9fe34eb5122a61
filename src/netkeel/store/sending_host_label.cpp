#include "netkeel/store/sending_host_label.hpp"

#include <algorithm>

namespace netkeel::store {

void label_series_with_sending_host(Batch& batch) {
  for (Series& series : batch.series) {
    if (!series.label("host").empty() || !series.label("src").empty()) continue;
    Label host{"host", batch.id.agent_host};
    series.labels.insert(std::lower_bound(series.labels.begin(), series.labels.end(), host,
                                          [](const Label& a, const Label& b) { return a.name < b.name; }),
                         std::move(host));
  }
}

}  // namespace netkeel::store
