#pragma once
// The network interfaces of a libvirt domain, from its XML description (virDomainGetXMLDesc): each
// <interface> element's <target dev='...'/> (the host-side device virDomainInterfaceStats takes) and
// <mac address='...'/>. Pure. An interface without a target device (a domain not running, or a
// hostdev) cannot be counted and is left out.
#include <string>
#include <vector>

namespace netkeel::collect {

struct DomainInterface {
  std::string target;  // host-side device, e.g. vnet3
  std::string mac;     // guest MAC, "" when the XML has none
};

// Throws RuntimeError when the XML is not a <domain> or an <interface> element is not closed.
std::vector<DomainInterface> domain_interfaces(const std::string& domain_xml);

}  // namespace netkeel::collect
