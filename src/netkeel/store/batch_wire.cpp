#include "netkeel/store/batch_wire.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

#include "netkeel/core/json_string.hpp"
#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::store {
namespace {

using core::append_json_string;

using Json = nlohmann::json;

// ---- encoding ----

template <typename Integer>
void append_integer(std::string& out, Integer value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "null";
  } else if (std::isinf(value)) {
    out += value > 0 ? "\"+Inf\"" : "\"-Inf\"";
  } else {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest round trip
    const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
    out.append(text);
    // A bare integer would parse back as an integer and lose -0.0's sign.
    if (text.find_first_of(".eE") == std::string_view::npos) out += ".0";
  }
}

// ---- decoding ----

// The byte offset of the first '[' or '{' that opens level max_depth + 1, or npos. Brackets inside
// strings do not count. One pass over the bytes, before nlohmann builds the document: its parser is
// iterative, but dump(), copies and comparisons recurse once per level.
std::size_t first_over_nesting(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, '"' included
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;  // unbalanced input is the parser's to report
    }
  }
  return std::string_view::npos;
}

// At most kExcerptBytes of a client's string, for a message: a 16 MiB key must not make a 16 MiB error.
constexpr std::size_t kExcerptBytes = 40;
std::string excerpt(std::string_view text) {
  if (text.size() <= kExcerptBytes) return std::string(text);
  std::size_t cut = kExcerptBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

// A place is a string or, on the per-sample path, a callable that builds it only when an error needs it.
std::string place_text(const std::string& place) { return place; }
std::string place_text(const char* place) { return place; }
template <typename PlaceFn>
std::string place_text(const PlaceFn& place) {
  return place();
}

template <typename Place>
[[noreturn]] void fail(const Place& place, const std::string& why) {
  throw InvalidBatch(place_text(place) + ": " + why);
}

[[noreturn]] void fail_over_limit(BatchOverLimit::Limit limit, const std::string& place, const std::string& why) {
  throw BatchOverLimit(limit, place + ": " + why);
}

const char* type_name(const Json& value) { return value.type_name(); }

// A value as a message may show it: scalars as JSON, a string cut to an excerpt, and an array or object
// by its type alone (dump() would recurse through it and could quote megabytes).
std::string describe_value(const Json& value) {
  if (value.is_string()) return "\"" + excerpt(value.get_ref<const std::string&>()) + "\"";
  if (value.is_structured()) return std::string("an ") + type_name(value);
  return value.dump();
}

const Json& require_member(const Json& object, const char* key, const std::string& place) {
  const auto it = object.find(key);
  if (it == object.end()) fail(place, std::string("missing key '") + key + "': add it");
  return *it;
}

void reject_unknown_keys(const Json& object, std::initializer_list<std::string_view> known,
                         const std::string& place) {
  for (const auto& item : object.items()) {
    bool found = false;
    for (std::string_view k : known) found = found || item.key() == k;
    if (found) continue;
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    const std::string key = excerpt(item.key());
    fail(place.empty() ? key : place + "." + key, "unknown key '" + key + "': the keys here are " + list);
  }
}

const Json& require_object(const Json& value, const std::string& place) {
  if (!value.is_object()) fail(place, std::string("expected an object, got ") + type_name(value));
  return value;
}

const Json& require_array(const Json& value, const std::string& place) {
  if (!value.is_array()) fail(place, std::string("expected an array, got ") + type_name(value));
  return value;
}

// `what` names the string in the limit's message ("label value", "event text").
std::string require_string(const Json& value, const std::string& place, std::size_t max_bytes, const char* what) {
  if (!value.is_string()) fail(place, std::string("expected a string, got ") + type_name(value));
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    fail_over_limit(BatchOverLimit::Limit::length, place,
                    std::string(what) + " \"" + excerpt(text) + "\" is " + std::to_string(text.size()) +
                        " bytes, over the limit of " + std::to_string(max_bytes) + " bytes: shorten it");
  }
  return text;
}

template <typename Place>
std::int64_t require_int64(const Json& value, const Place& place) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      fail(place, "integer " + std::to_string(u) + " is too large for a millisecond timestamp");
    }
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  fail(place, std::string("expected an integer (milliseconds since the Unix epoch), got ") + type_name(value));
}

template <typename Place>
std::uint64_t require_uint64(const Json& value, const Place& place) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  fail(place, std::string("expected a non-negative integer, got ") +
                  (value.is_number() ? "a negative or fractional number" : type_name(value)));
}

template <typename Place>
double require_value(const Json& value, const Place& place) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (value.is_number_float()) return value.get<double>();
  if (value.is_number_unsigned()) return static_cast<double>(value.get<std::uint64_t>());
  if (value.is_number_integer()) return static_cast<double>(value.get<std::int64_t>());
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "+Inf") return std::numeric_limits<double>::infinity();
    if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  }
  fail(place, std::string("expected a number, null, \"+Inf\" or \"-Inf\", got ") +
                  (value.is_string() ? "the string " + describe_value(value) : type_name(value)));
}

std::string at(const std::string& array, std::size_t index) {
  return array + "[" + std::to_string(index) + "]";
}

BatchId decode_id(const Json& json) {
  require_object(json, "id");
  reject_unknown_keys(json, {"host", "sequence"}, "id");
  BatchId id;
  id.agent_host = require_string(require_member(json, "host", "id"), "id.host", kMaxHostBytes, "host name");
  id.sequence = require_uint64(require_member(json, "sequence", "id"), "id.sequence");
  return id;
}

Series decode_series(const Json& json, const std::string& place) {
  require_object(json, place);
  reject_unknown_keys(json, {"metric", "labels"}, place);
  std::string metric =
      require_string(require_member(json, "metric", place), place + ".metric", kMaxMetricNameBytes, "metric name");
  std::vector<Label> labels;
  if (const auto it = json.find("labels"); it != json.end()) {
    const std::string labels_place = place + ".labels";
    require_object(*it, labels_place);
    if (it->size() > kMaxLabelsPerSeries) {
      fail_over_limit(BatchOverLimit::Limit::length, labels_place,
                      std::to_string(it->size()) + " labels, over the limit of " +
                          std::to_string(kMaxLabelsPerSeries) + " per series: drop some");
    }
    labels.reserve(it->size());
    for (const auto& item : it->items()) {
      const std::string& name = item.key();
      if (name.size() > kMaxLabelNameBytes) {
        fail_over_limit(BatchOverLimit::Limit::length, labels_place,
                        "label name \"" + excerpt(name) + "\" is " + std::to_string(name.size()) +
                            " bytes, over the limit of " + std::to_string(kMaxLabelNameBytes) +
                            " bytes: shorten it");
      }
      labels.push_back({name, require_string(item.value(), labels_place + "." + name, kMaxLabelValueBytes,
                                             "label value")});
    }
  }
  try {
    return make_series(std::move(metric), std::move(labels));
  } catch (const InvalidBatch& e) {
    fail(place, e.what());
  }
}

template <typename PlaceFn>
Sample decode_sample(const Json& json, const PlaceFn& place, std::size_t series_count) {
  if (!json.is_array() || json.size() != 3) {
    fail(place, std::string("expected [series index, t_ms, value], got ") +
                    (json.is_array() ? "an array of " + std::to_string(json.size()) : type_name(json)));
  }
  Sample sample;
  const auto element = [&](int k) { return [&place, k] { return place() + "[" + std::to_string(k) + "]"; }; };
  const std::uint64_t index = require_uint64(json[0], element(0));
  if (index >= series_count) {
    fail(element(0), "series index " + std::to_string(index) + " is out of range: the batch lists " +
                            std::to_string(series_count) + " series");
  }
  sample.series = static_cast<std::uint32_t>(index);
  sample.timestamp_ms = require_int64(json[1], element(1));
  sample.value = require_value(json[2], element(2));
  return sample;
}

Event decode_event(const Json& json, const std::string& place) {
  require_object(json, place);
  reject_unknown_keys(json, {"t_ms", "host", "kind", "text"}, place);
  Event event;
  event.timestamp_ms = require_int64(require_member(json, "t_ms", place), place + ".t_ms");
  event.host = require_string(require_member(json, "host", place), place + ".host", kMaxHostBytes, "host name");
  event.kind = require_string(require_member(json, "kind", place), place + ".kind", kMaxEventKindBytes, "event kind");
  if (const auto it = json.find("text"); it != json.end()) {
    event.text = require_string(*it, place + ".text", kMaxEventTextBytes, "event text");
  }
  return event;
}

}  // namespace

std::string encode_batch_json(const Batch& batch) {
  std::string out;
  out.reserve(64 + batch.series.size() * 96 + batch.samples.size() * 32 + batch.events.size() * 96);
  out += "{\"version\":";
  append_integer(out, kBatchWireVersion);
  out += ",\"id\":{\"host\":";
  append_json_string(out, batch.id.agent_host);
  out += ",\"sequence\":";
  append_integer(out, batch.id.sequence);
  out += "},\"series\":[";
  for (std::size_t i = 0; i < batch.series.size(); ++i) {
    const Series& series = batch.series[i];
    if (i > 0) out += ',';
    out += "{\"metric\":";
    append_json_string(out, series.metric);
    out += ",\"labels\":{";
    for (std::size_t l = 0; l < series.labels.size(); ++l) {
      if (l > 0) out += ',';
      append_json_string(out, series.labels[l].name);
      out += ':';
      append_json_string(out, series.labels[l].value);
    }
    out += "}}";
  }
  out += "],\"samples\":[";
  for (std::size_t i = 0; i < batch.samples.size(); ++i) {
    const Sample& sample = batch.samples[i];
    if (i > 0) out += ',';
    out += '[';
    append_integer(out, sample.series);
    out += ',';
    append_integer(out, sample.timestamp_ms);
    out += ',';
    append_value(out, sample.value);
    out += ']';
  }
  out += "],\"events\":[";
  for (std::size_t i = 0; i < batch.events.size(); ++i) {
    const Event& event = batch.events[i];
    if (i > 0) out += ',';
    out += "{\"t_ms\":";
    append_integer(out, event.timestamp_ms);
    out += ",\"host\":";
    append_json_string(out, event.host);
    out += ",\"kind\":";
    append_json_string(out, event.kind);
    out += ",\"text\":";
    append_json_string(out, event.text);
    out += '}';
  }
  out += "]}";
  return out;
}

Batch decode_batch_json(std::string_view json) {
  if (const std::size_t at_byte = first_over_nesting(json, kMaxBatchNesting); at_byte != std::string_view::npos) {
    throw BatchOverLimit(BatchOverLimit::Limit::nesting,
                         "the body nests arrays and objects more than " + std::to_string(kMaxBatchNesting) +
                             " levels deep (at byte " + std::to_string(at_byte) +
                             "), over the nesting limit: a batch nests 4 (body, series list, series, labels); "
                             "send the batch as encode_batch_json writes it");
  }
  Json document;
  try {
    document = Json::parse(json.begin(), json.end());
  } catch (const Json::exception& e) {
    // A syntax error (parse_error) or a number beyond double's range (out_of_range). what() is
    // "[json.exception.parse_error.101] parse error at line L, column C: ..."; keep the tail.
    std::string what = e.what();
    if (const auto close = what.find("] "); close != std::string::npos) what.erase(0, close + 2);
    throw InvalidBatch("body is not valid JSON: " + what + ": send the batch as encode_batch_json writes it");
  }
  require_object(document, "the body");
  reject_unknown_keys(document, {"version", "id", "series", "samples", "events"}, "");
  const Json& version = require_member(document, "version", "the body");
  if (!version.is_number_integer() || version.get<std::int64_t>() != kBatchWireVersion) {
    fail("version", "unsupported wire version " + describe_value(version) + ": this server reads version " +
                        std::to_string(kBatchWireVersion) + "; upgrade the server or the agent");
  }
  Batch batch;
  batch.id = decode_id(require_member(document, "id", "the body"));
  if (const auto it = document.find("series"); it != document.end()) {
    require_array(*it, "series");
    batch.series.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) batch.series.push_back(decode_series((*it)[i], at("series", i)));
  }
  if (const auto it = document.find("samples"); it != document.end()) {
    require_array(*it, "samples");
    batch.samples.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      batch.samples.push_back(decode_sample((*it)[i], [i] { return at("samples", i); }, batch.series.size()));
    }
  }
  if (const auto it = document.find("events"); it != document.end()) {
    require_array(*it, "events");
    batch.events.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) batch.events.push_back(decode_event((*it)[i], at("events", i)));
  }
  validate_batch(batch);
  return batch;
}

}  // namespace netkeel::store
