#include "fleetcast/core/cores.hpp"

#include <charconv>
#include <fstream>
#include <string>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

namespace fleetcast {
namespace {

std::optional<long long> number_at_start(std::string_view& text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  text.remove_prefix(std::size_t(end - text.data()));
  return v;
}

std::optional<unsigned> cores_of_quota(long long quota, long long period) {
  if (quota <= 0 || period <= 0) return std::nullopt;
  const long long cores = (quota + period - 1) / period;
  return unsigned(std::max(1ll, std::min(cores, 1ll << 20)));
}

std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  if (in) std::getline(in, line);
  return line;
}

}  // namespace

std::optional<unsigned> cores_of_cpu_max(std::string_view text) {
  if (text.substr(0, 3) == "max") return std::nullopt;
  const auto quota = number_at_start(text);
  if (!quota) return std::nullopt;
  const auto period = number_at_start(text);
  if (!period) return std::nullopt;
  return cores_of_quota(*quota, *period);
}

unsigned usable_cores() {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) cores = std::min(cores, unsigned(n));
  }
  std::optional<unsigned> quota = cores_of_cpu_max(first_line("/sys/fs/cgroup/cpu.max"));
  if (!quota) {
    std::string q = first_line("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
    std::string p = first_line("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
    quota = cores_of_cpu_max(q + " " + p);
  }
  if (quota) cores = std::min(cores, *quota);
#endif
  return std::max(1u, cores);
}

}  // namespace fleetcast
