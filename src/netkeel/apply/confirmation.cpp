#include "netkeel/apply/confirmation.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"

namespace netkeel::apply {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    if (!out.flush()) throw RuntimeError(fmt::format("cannot write {}", temporary));
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw RuntimeError(fmt::format("cannot write {}: {}", path, ec.message()));
}

}  // namespace

ConfirmationFiles confirmation_files(const std::string& state_dir, const std::string& scope) {
  auto dir = std::filesystem::path(state_dir);
  return {(dir / (scope + ".pending")).string(), (dir / (scope + ".confirm")).string()};
}

ConfirmationWait::ConfirmationWait(ConfirmationFiles files, std::string token)
    : files_(std::move(files)), token_(std::move(token)) {
  std::error_code ec;
  std::filesystem::remove(files_.confirm, ec);
  write_file(files_.pending, token_ + "\n");
}

ConfirmationWait::~ConfirmationWait() {
  std::error_code ec;
  std::filesystem::remove(files_.pending, ec);
  std::filesystem::remove(files_.confirm, ec);
}

bool ConfirmationWait::confirmed() const { return read_file(files_.confirm) == token_ + "\n"; }

bool ConfirmationWait::wait(std::chrono::milliseconds timeout, const Clock& clock,
                            std::chrono::milliseconds poll_interval) const {
  const auto deadline = clock.now() + timeout;
  for (;;) {
    if (confirmed()) return true;
    auto now = clock.now();
    if (now >= deadline) return false;
    clock.sleep_for(std::min<Nanoseconds>(poll_interval, deadline - now));
  }
}

void confirm_pending_apply(const ConfirmationFiles& files) {
  const std::string token = read_file(files.pending);
  if (token.empty())
    throw RuntimeError(fmt::format("no apply is waiting for confirmation ({} does not exist); it may have timed out "
                                   "and rolled back already",
                                   files.pending));
  write_file(files.confirm, token);
}

std::string new_confirmation_token(const Clock& clock) {
  return fmt::format("{}-{}", ::getpid(), unix_nanoseconds(clock.wall_now()).count());
}

}  // namespace netkeel::apply
