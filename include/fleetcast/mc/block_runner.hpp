#pragma once
/// @file
/// The engine's scheduling, apart from what a block computes: worker threads take block
/// numbers in turn, each block fills its own accumulator, and the calling thread merges the
/// accumulators strictly in block order. The merged result therefore does not depend on the
/// number of threads or on timing.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace fleetcast::mc {

/// Runs blocks 0 … blocks − 1. `work(b)` computes block b's accumulator on a worker thread
/// (it must be safe to call concurrently); `merge(b, acc)` receives them on the calling
/// thread in the order b = 0, 1, 2, … and returns true to stop after b. At most
/// 4 × threads blocks are computed ahead of the merged prefix, which bounds memory.
/// If `work` throws, the exception of the lowest failing block is rethrown once every worker
/// has stopped — unless `merge` stopped before that block. Returns the number of blocks
/// merged. With threads ≤ 1 everything runs on the calling thread.
template <class Work, class Merge>
std::uint64_t run_blocks(std::uint64_t blocks, unsigned threads, Work&& work, Merge&& merge) {
  using acc_t = std::invoke_result_t<Work&, std::uint64_t>;
  if (threads <= 1 || blocks <= 1) {
    for (std::uint64_t b = 0; b < blocks; ++b)
      if (merge(b, work(b))) return b + 1;
    return blocks;
  }
  const std::uint64_t window = 4ull * threads;
  std::mutex m;
  std::condition_variable changed;
  std::map<std::uint64_t, acc_t> finished;  // computed, not yet merged
  std::uint64_t next = 0, merged = 0;
  bool stop = false;
  std::optional<std::pair<std::uint64_t, std::exception_ptr>> failure;  // the lowest block
  auto worker = [&] {
    for (;;) {
      std::uint64_t b;
      {
        std::unique_lock lock(m);
        changed.wait(lock, [&] { return stop || next >= blocks || next < merged + window; });
        if (stop || next >= blocks) return;
        b = next++;
      }
      try {
        acc_t acc = work(b);
        std::lock_guard lock(m);
        finished.emplace(b, std::move(acc));
      } catch (...) {
        std::lock_guard lock(m);
        if (!failure || b < failure->first) failure.emplace(b, std::current_exception());
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads);
  bool stopped_by_merge = false;
  std::exception_ptr merge_error;
  {
    // Start the workers; if a thread cannot start, stop the others before rethrowing.
    try {
      for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    } catch (...) {
      {
        std::lock_guard lock(m);
        stop = true;
      }
      changed.notify_all();
      for (auto& t : pool) t.join();
      throw;
    }
    std::unique_lock lock(m);
    while (merged < blocks) {
      changed.wait(lock, [&] { return finished.count(merged) != 0 || (failure && failure->first <= merged); });
      if (!finished.count(merged)) break;  // block `merged` failed; every block before it merged
      acc_t acc = std::move(finished.at(merged));
      finished.erase(merged);
      lock.unlock();
      bool done = false;
      try {
        done = merge(merged, std::move(acc));
      } catch (...) {
        merge_error = std::current_exception();
        done = true;
      }
      lock.lock();
      ++merged;
      if (done) {
        stopped_by_merge = !merge_error;
        break;
      }
      changed.notify_all();  // workers waiting for the window to move
    }
    stop = true;
  }
  changed.notify_all();
  for (auto& t : pool) t.join();
  if (merge_error) std::rethrow_exception(merge_error);
  if (!stopped_by_merge && failure) std::rethrow_exception(failure->second);
  return merged;
}

}  // namespace fleetcast::mc
