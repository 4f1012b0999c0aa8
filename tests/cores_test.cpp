// usable_cores(): the cores a run with threads = 0 starts. Expected values come from the
// definitions: a cgroup v2 cpu.max of "QUOTA PERIOD" allows QUOTA / PERIOD cores (rounded up
// here), "max" none; an affinity mask of one CPU allows one.
#include <gtest/gtest.h>

#include <sched.h>

#include <thread>

#include "fleetcast/core/cores.hpp"

namespace fleetcast {
namespace {

TEST(UsableCores, CpuMaxQuotaOverPeriodRoundedUp) {
  EXPECT_EQ(cores_of_cpu_max("200000 100000"), 2u);
  EXPECT_EQ(cores_of_cpu_max("150000 100000\n"), 2u);  // 1.5 cores: two threads
  EXPECT_EQ(cores_of_cpu_max("50000 100000"), 1u);
  EXPECT_EQ(cores_of_cpu_max("400000 100000"), 4u);
}

TEST(UsableCores, NoLimitOrNotAQuotaGivesNothing) {
  EXPECT_FALSE(cores_of_cpu_max("max 100000"));
  EXPECT_FALSE(cores_of_cpu_max(""));
  EXPECT_FALSE(cores_of_cpu_max("two cores"));
  EXPECT_FALSE(cores_of_cpu_max("-1 100000"));  // cgroup v1's "no quota", as joined by the reader
  EXPECT_FALSE(cores_of_cpu_max("100000"));     // no period
  EXPECT_FALSE(cores_of_cpu_max("100000 0"));
}

TEST(UsableCores, AtLeastOneAtMostTheMachine) {
  const unsigned n = usable_cores();
  EXPECT_GE(n, 1u);
  EXPECT_LE(n, std::max(1u, std::thread::hardware_concurrency()));
}

TEST(UsableCores, FollowsTheAffinityMask) {
  unsigned seen = 0;
  std::thread t([&] {  // a thread of its own, so the test's other threads keep their mask
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) GTEST_SKIP() << "sched_setaffinity refused";
    seen = usable_cores();
  });
  t.join();
  if (seen) {
    EXPECT_EQ(seen, 1u);
  }
}

}  // namespace
}  // namespace fleetcast
