#include "netkeel/agent/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "netkeel/core/error.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::agent {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw RuntimeError(what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

void write_file_durably(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path directory_path = path.has_parent_path() ? path.parent_path() : ".";
  const std::filesystem::path temporary = directory_path / (std::string(kTemporaryPrefix) + path.filename().string());
  UniqueFd file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (file.get() < 0) fail("cannot create", temporary);
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(file.get(), content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::unlink(temporary.c_str());
      errno = saved;
      fail("cannot write", temporary);
    }
    written += std::size_t(n);
  }
  if (::fsync(file.get()) != 0) fail("cannot fsync", temporary);
  if (::close(file.release()) != 0) fail("cannot close", temporary);
  if (::rename(temporary.c_str(), path.c_str()) != 0) fail("cannot rename into place", path);
  // The rename is durable only once the directory entry is.
  UniqueFd directory(::open(directory_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory.get() < 0 || ::fsync(directory.get()) != 0) fail("cannot fsync directory", directory_path);
}

}  // namespace netkeel::agent
