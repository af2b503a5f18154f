#include "batch_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace buyergraph::cli {

sdk::Result<BatchLock> BatchLock::acquire(const std::string& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return sdk::Error{
        "io", fmt::format("cannot create the lock file {}: {}", path, std::strerror(errno))};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    if (err != EWOULDBLOCK)
      return sdk::Error{"io", fmt::format("cannot lock {}: {}", path, std::strerror(err))};
    std::string holder;  // digits only: the file is ours, but never print what we did not check
    for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i) holder += buf[i];
    return sdk::Error{
        "locked",
        fmt::format("another batch{} is already running on {}; wait for it to finish (or stop "
                    "it), then run this command again",
                    holder.empty() ? "" : " (process " + holder + ")", what)};
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock holds without the id; the refusal message just cannot name the process.
  }
  return BatchLock(fd);
}

BatchLock::~BatchLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace buyergraph::cli
