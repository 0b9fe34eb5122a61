#include "netkeel/collect/domain_interfaces.hpp"

#include "netkeel/core/error.hpp"

namespace netkeel::collect {

namespace {

// The value of attribute `name` in the first `<tag ...>` of `element`; "" when absent. libvirt writes
// its XML with single quotes, other writers use double quotes: both are read.
std::string attribute(const std::string& element, const std::string& tag, const std::string& name) {
  size_t at = 0;
  for (;;) {
    at = element.find("<" + tag, at);
    if (at == std::string::npos) return "";
    const char after = at + tag.size() + 1 < element.size() ? element[at + tag.size() + 1] : '>';
    if (after == ' ' || after == '/' || after == '>' || after == '\n' || after == '\t') break;
    at += tag.size() + 1;  // a longer tag name (<target_x>), not ours
  }
  const size_t end = element.find('>', at);
  const std::string open = element.substr(at, end == std::string::npos ? std::string::npos : end - at);
  const size_t key = open.find(" " + name + "=");
  if (key == std::string::npos) return "";
  const size_t quote = key + name.size() + 2;
  if (quote >= open.size()) return "";
  const char q = open[quote];
  const size_t close = open.find(q, quote + 1);
  if ((q != '\'' && q != '"') || close == std::string::npos) return "";
  return open.substr(quote + 1, close - quote - 1);
}

}  // namespace

std::vector<DomainInterface> domain_interfaces(const std::string& xml) {
  if (xml.find("<domain") == std::string::npos)
    throw RuntimeError("libvirt domain XML without a <domain> element (starts: \"" + xml.substr(0, 40) + "\")");
  std::vector<DomainInterface> out;
  size_t at = 0;
  while ((at = xml.find("<interface", at)) != std::string::npos) {
    const char after = at + 10 < xml.size() ? xml[at + 10] : '>';
    if (after != ' ' && after != '>') {  // <interfaces> or similar: not an interface element
      at += 10;
      continue;
    }
    const size_t end = xml.find("</interface>", at);
    if (end == std::string::npos) throw RuntimeError("libvirt domain XML: an <interface> element is not closed");
    const std::string element = xml.substr(at, end - at);
    DomainInterface i{attribute(element, "target", "dev"), attribute(element, "mac", "address")};
    if (!i.target.empty()) out.push_back(std::move(i));
    at = end;
  }
  return out;
}

}  // namespace netkeel::collect
