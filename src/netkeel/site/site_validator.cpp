#include "netkeel/site/site_validator.hpp"

#include "netkeel/site/site_checks.hpp"
#include "netkeel/site/site_loader.hpp"

namespace netkeel::site {

Diagnostics validate_site(const Site& site) {
  Diagnostics out;
  check_uniqueness(site, out);
  check_fabric(site, out);
  check_cabling(site, out);
  check_addressing(site, out);
  check_services(site, out);
  check_coordination(site, out);
  check_placement(site, out);
  out.sort();
  return out;
}

CheckedSite load_and_validate(const std::string& path) {
  auto loaded = load_site_from_file(path);
  CheckedSite checked{std::move(loaded.site), std::move(loaded.diagnostics)};
  // A model with load errors is still validated, so one run reports every problem it can see.
  if (checked.site) checked.diagnostics.append(validate_site(*checked.site));
  checked.diagnostics.sort();
  return checked;
}

}  // namespace netkeel::site
