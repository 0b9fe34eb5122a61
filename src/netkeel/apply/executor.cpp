#include "netkeel/apply/executor.hpp"

#include <cerrno>

namespace netkeel::apply {
namespace {

struct Performer {
  kernel::Netlink& nl;
  kernel::Sysctl& sys;
  void operator()(const CreateLink& c) const { nl.create_link(c.spec); }
  void operator()(const DeleteLink& c) const { nl.delete_link(c.link.name); }
  void operator()(const ModifyLink& c) const { nl.change_link(c.name, c.change); }
  void operator()(const AddAddress& c) const { nl.add_address(c.address); }
  void operator()(const DeleteAddress& c) const { nl.delete_address(c.address); }
  void operator()(const ReplaceRoute& c) const { nl.replace_route(c.route); }
  void operator()(const DeleteRoute& c) const { nl.delete_route(c.route); }
  void operator()(const AddRule& c) const { nl.add_rule(c.rule); }
  void operator()(const DeleteRule& c) const { nl.delete_rule(c.rule); }
  void operator()(const ReplaceNeighbour& c) const { nl.replace_neighbour(c.neighbour); }
  void operator()(const DeleteNeighbour& c) const { nl.delete_neighbour(c.neighbour); }
  void operator()(const SetSysctl& c) const { sys.set(c.key, c.value); }
};

bool is_removal(const Change& c) {
  return std::holds_alternative<DeleteLink>(c) || std::holds_alternative<DeleteAddress>(c) ||
         std::holds_alternative<DeleteRoute>(c) || std::holds_alternative<DeleteRule>(c) ||
         std::holds_alternative<DeleteNeighbour>(c);
}

bool already_gone(int e) { return e == ENOENT || e == ESRCH || e == ENODEV || e == EADDRNOTAVAIL; }

}  // namespace

void perform(const Change& change, kernel::Netlink& netlink, kernel::Sysctl& sysctl) {
  std::visit(Performer{netlink, sysctl}, change);
}

ExecutionJournal execute(const std::vector<Change>& changes, kernel::Netlink& netlink, kernel::Sysctl& sysctl,
                         OnFailure on_failure) {
  ExecutionJournal journal;
  for (const auto& change : changes) {
    try {
      perform(change, netlink, sysctl);
      journal.done.push_back(change);
    } catch (const kernel::KernelError& e) {
      if (is_removal(change) && already_gone(e.error_number())) continue;
      journal.failures.push_back({change, e.what(), e.error_number()});
      if (on_failure == OnFailure::stop) break;
    }
  }
  return journal;
}

}  // namespace netkeel::apply
