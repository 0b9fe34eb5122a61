#include "netkeel/store/sqlite_series_labels.hpp"

#include "netkeel/core/error.hpp"
#include "netkeel/store/leb128.hpp"

namespace netkeel::store {

std::vector<std::uint8_t> encode_sqlite_labels(const std::vector<Label>& labels) {
  std::vector<std::uint8_t> out;
  for (const Label& l : labels) {
    for (const std::string* s : {&l.name, &l.value}) {
      append_leb128(out, s->size());
      out.insert(out.end(), s->begin(), s->end());
    }
  }
  return out;
}

std::vector<Label> decode_sqlite_labels(std::span<const std::uint8_t> bytes, const std::string& where) {
  std::vector<Label> labels;
  std::size_t i = 0;
  auto read_string = [&]() {
    const Leb128Read length = read_leb128(bytes, i, 9);
    if (length.status != Leb128Status::ok) throw RuntimeError(where + ": stored labels are corrupt");
    const std::uint64_t n = length.value;
    if (n > bytes.size() - i) throw RuntimeError(where + ": stored labels are corrupt");
    std::string s(reinterpret_cast<const char*>(bytes.data() + i), n);
    i += n;
    return s;
  };
  while (i < bytes.size()) {
    Label l;
    l.name = read_string();
    l.value = read_string();
    labels.push_back(std::move(l));
  }
  return labels;
}

}  // namespace netkeel::store
