#pragma once
// One batch at a time per output folder and per batch id: an OS file lock (flock), which the
// kernel releases when the holder exits, however it exits (a kill -9 leaves no stale lock).
#include <string>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::cli {

/// An exclusive lock held for the object's life. The lock file holds the holder's process id,
/// so the refusal can name it; the file itself stays (removing it would race a newcomer).
///
///   auto lock = BatchLock::acquire("out/.batch.lock", "the output folder out/");
///   if (!lock) fail(lock.error().message);  // "another batch (process 4242) is using ..."
class BatchLock {
 public:
  static sdk::Result<BatchLock> acquire(const std::string& path, const std::string& what);
  BatchLock(BatchLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  BatchLock& operator=(BatchLock&&) = delete;
  BatchLock(const BatchLock&) = delete;
  ~BatchLock();

 private:
  explicit BatchLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace buyergraph::cli
