#pragma once
// The kernel's routing-netlink interface as netkeel needs it. Two implementations pass one
// conformance suite (tests/kernel/netlink_conformance.hpp): LibnlNetlink (the real kernel, in the
// network namespace the process is in) and FakeNetlink (in memory, for unit tests).
// Every mutating call throws KernelError with the kernel's reason on failure.
#include <cstdint>
#include <string>
#include <vector>

#include "netkeel/core/error.hpp"
#include "netkeel/kernel/kernel_state.hpp"

namespace netkeel::kernel {

class KernelError : public RuntimeError {
 public:
  KernelError(const std::string& what, int error_number) : RuntimeError(what), error_number_(error_number) {}
  int error_number() const { return error_number_; }  // positive errno

 private:
  int error_number_;
};

class Netlink {
 public:
  virtual ~Netlink() = default;

  virtual std::vector<Link> links() = 0;
  virtual std::vector<Address> addresses() = 0;            // IPv4, every interface
  virtual std::vector<Route> routes() = 0;                 // IPv4 unicast, every table but local
  virtual std::vector<Rule> rules() = 0;                   // IPv4
  virtual std::vector<Neighbour> neighbours() = 0;         // IPv4, every state but NOARP/incomplete

  virtual void create_link(const LinkSpec& spec) = 0;      // created admin-down
  virtual void delete_link(const std::string& name) = 0;
  virtual void change_link(const std::string& name, const LinkChange& change) = 0;

  virtual void add_address(const Address& a) = 0;
  virtual void delete_address(const Address& a) = 0;

  virtual void replace_route(const Route& r) = 0;          // NLM_F_REPLACE semantics
  virtual void delete_route(const Route& r) = 0;

  virtual void add_rule(const Rule& r) = 0;
  virtual void delete_rule(const Rule& r) = 0;

  virtual void replace_neighbour(const Neighbour& n) = 0;  // permanent entry
  virtual void delete_neighbour(const Neighbour& n) = 0;
};

}  // namespace netkeel::kernel
