#pragma once
// Confirm-or-roll-back: an apply run with --confirm-timeout waits, after verification, for an
// operator to run `netkeel apply --confirm` (from a session that still reaches the host). The two
// meet through files in the state directory:
//   STATE_DIR/<scope>.pending   written by the waiting apply: a token naming this apply
//   STATE_DIR/<scope>.confirm   written by --confirm: a copy of that token
// A token from an earlier apply never confirms a later one. Time is injected.
#include <chrono>
#include <string>

#include "netkeel/core/clock.hpp"

namespace netkeel::apply {

struct ConfirmationFiles {
  std::string pending;
  std::string confirm;
};
ConfirmationFiles confirmation_files(const std::string& state_dir, const std::string& scope);

class ConfirmationWait {
 public:
  // Writes the pending file (removing any old confirm file) and remembers its token.
  ConfirmationWait(ConfirmationFiles files, std::string token);
  ~ConfirmationWait();  // removes both files
  ConfirmationWait(const ConfirmationWait&) = delete;
  ConfirmationWait& operator=(const ConfirmationWait&) = delete;

  // Polls for the confirm file every `poll_interval` until `timeout` has passed.
  bool wait(std::chrono::milliseconds timeout, const Clock& clock,
            std::chrono::milliseconds poll_interval = std::chrono::milliseconds(200)) const;
  bool confirmed() const;

 private:
  ConfirmationFiles files_;
  std::string token_;
};

// `netkeel apply --confirm`: copies the pending token into the confirm file. Throws RuntimeError
// when no apply is waiting.
void confirm_pending_apply(const ConfirmationFiles& files);

// A token that tells this apply apart from any other: process id and start time (the clock's wall time).
std::string new_confirmation_token(const Clock& clock);

}  // namespace netkeel::apply
