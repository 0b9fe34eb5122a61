#include "netkeel/ha/etcd_client.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netkeel/core/base64.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::ha {

using nlohmann::json;

namespace {

constexpr const char* kRangePath = "/v3/kv/range";
constexpr const char* kTxnPath = "/v3/kv/txn";
constexpr std::size_t kQuotedBodyLimit = 120;  // how much of an odd reply a message quotes

// A reply that is not what etcd 3.4 sends; becomes KeyValueUnavailable naming the member.
class BadReply : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string quoted_start(std::string_view text) {
  std::string out = json(std::string(text.substr(0, kQuotedBodyLimit))).dump(-1, ' ', true,
                                                                                json::error_handler_t::replace);
  if (text.size() > kQuotedBodyLimit) out += "...";
  return out;
}

// CurlHttpClient's messages when no byte was sent: the member is down or the name does not resolve.
// Anything else (a timeout, a reset) may come after etcd received the request.
bool never_sent(std::string_view failure) {
  for (std::string_view phrase : {"Connection refused", "Couldn't connect", "Failed to connect to", "Could not resolve",
                                  "Couldn't resolve"}) {
    if (failure.find(phrase) != std::string_view::npos) return true;
  }
  return false;
}

// --- reply fields; etcd omits zero values, so a missing field is false / 0 / empty ---

const json* field(const json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

const json& object_at(const json& parent, const char* name, const char* where) {
  const json* value = field(parent, name);
  if (!value || !value->is_object()) throw BadReply(fmt::format("{}: '{}' is missing or not an object", where, name));
  return *value;
}

std::int64_t int64_field(const json& object, const char* name, const char* where) {
  const json* value = field(object, name);
  if (!value) return 0;
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (!value->is_string()) throw BadReply(fmt::format("{}: '{}' is not an integer", where, name));
  const auto& text = value->get_ref<const std::string&>();
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    throw BadReply(fmt::format("{}: '{}' is {}, not an int64", where, name, quoted_start(text)));
  }
  return number;
}

bool bool_field(const json& object, const char* name, const char* where) {
  const json* value = field(object, name);
  if (!value) return false;
  if (!value->is_boolean()) throw BadReply(fmt::format("{}: '{}' is not true or false", where, name));
  return value->get<bool>();
}

std::string bytes_field(const json& object, const char* name, const char* where) {
  const json* value = field(object, name);
  if (!value) return {};
  if (!value->is_string()) throw BadReply(fmt::format("{}: '{}' is not a base64 string", where, name));
  auto decoded = base64_decode(value->get_ref<const std::string&>());
  if (!decoded) throw BadReply(fmt::format("{}: '{}' is not valid base64", where, name));
  return std::move(*decoded);
}

std::int64_t header_revision(const json& reply, const char* where) {
  const json* header = field(reply, "header");
  if (!header) return 0;
  if (!header->is_object()) throw BadReply(fmt::format("{}: 'header' is not an object", where));
  return int64_field(*header, "revision", where);
}

KeyValue key_value(const json& kv) {
  constexpr const char* where = "a key-value";
  if (!kv.is_object()) throw BadReply("an entry of 'kvs' is not an object");
  KeyValue out{bytes_field(kv, "key", where), bytes_field(kv, "value", where), int64_field(kv, "mod_revision", where)};
  if (out.mod_revision <= 0) throw BadReply(fmt::format("key {} has no positive mod_revision", quoted_start(out.key)));
  return out;
}

// The "kvs" of a range reply, each checked to be KEY (get) or to start with PREFIX (list), in key order.
std::vector<KeyValue> key_values(const json& range_reply, const std::string& prefix, bool exact) {
  std::vector<KeyValue> out;
  const json* kvs = field(range_reply, "kvs");
  if (!kvs) return out;
  if (!kvs->is_array()) throw BadReply("'kvs' is not an array");
  for (const auto& kv : *kvs) {
    KeyValue entry = key_value(kv);
    const bool matches = exact ? entry.key == prefix : entry.key.starts_with(prefix);
    if (!matches) {
      throw BadReply(fmt::format("the reply holds key {}, which was not asked for", quoted_start(entry.key)));
    }
    if (!out.empty() && !(out.back().key < entry.key)) throw BadReply("'kvs' is not in key order");
    out.push_back(std::move(entry));
  }
  if (exact && out.size() > 1) throw BadReply("a range over one key returned several");
  return out;
}

json compare_revision(const std::string& encoded_key, std::int64_t expected_revision) {
  // CREATE == 0 holds exactly when the key is absent; MOD == R when its last write was at R.
  if (expected_revision == 0) {
    return {{"key", encoded_key}, {"target", "CREATE"}, {"result", "EQUAL"}, {"create_revision", "0"}};
  }
  return {{"key", encoded_key},
          {"target", "MOD"},
          {"result", "EQUAL"},
          {"mod_revision", std::to_string(expected_revision)}};
}

// A txn's outcome: on success the txn's revision, on failure the key as the failure branch read it.
WriteOutcome write_outcome(const json& reply, const std::string& key) {
  WriteOutcome outcome;
  outcome.succeeded = bool_field(reply, "succeeded", "the txn reply");
  if (outcome.succeeded) {
    outcome.revision = header_revision(reply, "the txn reply");
    if (outcome.revision <= 0) throw BadReply("a successful txn reply has no positive header revision");
    return outcome;
  }
  const json* responses = field(reply, "responses");
  if (!responses || !responses->is_array() || responses->size() != 1) {
    throw BadReply("a failed txn reply must hold exactly one response (the failure branch's range)");
  }
  const json& range = object_at((*responses)[0], "response_range", "the failed txn's response");
  auto kvs = key_values(range, key, true);
  if (!kvs.empty()) outcome.current = std::move(kvs.front());
  return outcome;
}

}  // namespace

struct EtcdClient::Reply {
  std::string member;
  json body;  // an object
};

std::string prefix_range_end(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (end.empty()) return std::string(1, '\0');
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

EtcdClient::EtcdClient(http::HttpClient& http, const Clock& clock, EtcdClientOptions options)
    : http_(http), clock_(clock), options_(std::move(options)) {
  if (options_.members.empty()) throw UsageError("etcd client: no member URL given");
  if (options_.request_timeout.count() <= 0) throw UsageError("etcd client: the request timeout must be positive");
}

EtcdClient::Reply EtcdClient::call(const std::string& path, const json& body, Kind kind) {
  const std::size_t count = options_.members.size();
  const std::size_t first = preferred_.load() % count;
  const SteadyTime deadline = clock_.now() + options_.request_timeout;
  std::vector<std::string> failures;
  for (std::size_t attempt = 0; attempt < count; ++attempt) {
    const std::size_t index = (first + attempt) % count;
    const std::string& member = options_.members[index];
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock_.now());
    if (left.count() <= 0) break;
    http::Request request;
    request.method = "POST";
    request.url = member + path;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body.dump();
    // A read that gets no answer moves on, so each member gets an equal share of what is left: one hung
    // member cannot eat the whole budget. A write gets all of it (after a timeout it cannot move on).
    request.timeout = kind == Kind::write ? left
                                          : std::max(left / static_cast<long>(count - attempt), std::chrono::milliseconds(1));
    std::string failure;
    bool delivered = true;
    try {
      const http::Response response = http_.send(request);
      if (response.body.size() > options_.max_reply_bytes) {
        failure = fmt::format("a {}-byte reply, over the {}-byte limit", response.body.size(), options_.max_reply_bytes);
      } else if (response.status != 200) {
        failure = fmt::format("HTTP {}: {}", response.status, quoted_start(response.body));
      } else {
        json parsed = json::parse(response.body, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) {
          failure = fmt::format("the reply is not a JSON object: {}", quoted_start(response.body));
        } else {
          preferred_ = index;
          return Reply{member, std::move(parsed)};
        }
      }
    } catch (const RuntimeError& e) {
      failure = e.what();
      delivered = !never_sent(failure);
    }
    // The next operation starts after this member, unless all it had was what an earlier member
    // left of the budget: a healthy member tried with the last few milliseconds is not to blame.
    if (left * 2 >= options_.request_timeout) preferred_ = (index + 1) % count;
    if (kind == Kind::write && delivered) {
      throw KeyValueUnavailable(fmt::format("etcd member {}: {} failed, so the write may or may not have happened: {}",
                                            member, path, failure));
    }
    failures.push_back(fmt::format("{}: {}", member, failure));
  }
  std::string all;
  for (const auto& f : failures) all += (all.empty() ? "" : "; ") + f;
  if (failures.size() < count) all += fmt::format("{}no time left for the other members", all.empty() ? "" : "; ");
  throw KeyValueUnavailable(
      fmt::format("etcd: no member answered {} within {} ms: {}", path, options_.request_timeout.count(), all));
}

namespace {

// Runs INTERPRET on a reply; a reply that is not what etcd sends becomes KeyValueUnavailable.
template <class F>
auto interpret(const std::string& member, const char* path, F interpret_reply) {
  try {
    return interpret_reply();
  } catch (const BadReply& e) {
    throw KeyValueUnavailable(fmt::format("etcd member {}: unexpected {} reply: {}", member, path, e.what()));
  } catch (const json::exception& e) {
    throw KeyValueUnavailable(fmt::format("etcd member {}: unexpected {} reply: {}", member, path, e.what()));
  }
}

}  // namespace

std::optional<KeyValue> EtcdClient::get(const std::string& key) {
  const Reply reply = call(kRangePath, {{"key", base64_encode(key)}}, Kind::read);
  return interpret(reply.member, kRangePath, [&]() -> std::optional<KeyValue> {
    auto kvs = key_values(reply.body, key, true);
    if (kvs.empty()) return std::nullopt;
    return std::move(kvs.front());
  });
}

std::vector<KeyValue> EtcdClient::list(const std::string& prefix) {
  // etcd refuses an empty key; "\0" up to "\0" is its spelling of "every key".
  const std::string first_key = prefix.empty() ? std::string(1, '\0') : prefix;
  const Reply reply = call(
      kRangePath, {{"key", base64_encode(first_key)}, {"range_end", base64_encode(prefix_range_end(prefix))}}, Kind::read);
  return interpret(reply.member, kRangePath, [&] { return key_values(reply.body, prefix, false); });
}

WriteOutcome EtcdClient::compare_and_set(const std::string& key, const std::string& value,
                                         std::int64_t expected_revision) {
  const std::string encoded = base64_encode(key);
  const json txn = {
      {"compare", json::array({compare_revision(encoded, expected_revision)})},
      {"success", json::array({{{"request_put", {{"key", encoded}, {"value", base64_encode(value)}}}}})},
      {"failure", json::array({{{"request_range", {{"key", encoded}}}}})},
  };
  const Reply reply = call(kTxnPath, txn, Kind::write);
  return interpret(reply.member, kTxnPath, [&] { return write_outcome(reply.body, key); });
}

WriteOutcome EtcdClient::compare_and_delete(const std::string& key, std::int64_t expected_revision) {
  const std::string encoded = base64_encode(key);
  const json txn = {
      {"compare", json::array({compare_revision(encoded, expected_revision)})},
      {"success", json::array({{{"request_delete_range", {{"key", encoded}}}}})},
      {"failure", json::array({{{"request_range", {{"key", encoded}}}}})},
  };
  const Reply reply = call(kTxnPath, txn, Kind::write);
  return interpret(reply.member, kTxnPath, [&] { return write_outcome(reply.body, key); });
}

}  // namespace netkeel::ha
