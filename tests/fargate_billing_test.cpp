// Fargate billing rules against hand calculations. Rates are those of the built-in catalog
// (pricing/aws-us-east-1.json): Linux/x86 $0.000011244 per vCPU-s and $0.000001235 per GB-s,
// ARM $0.0000089944 and $0.0000009889, storage $0.0000000308 per GB-s (AWS Fargate pricing
// page examples); Windows $0.046552 per vCPU-h, $0.00511175 per GB-h, licence $0.046 per
// vCPU-h (AWS Price List, 2025-08).
#include <gtest/gtest.h>

#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/billing/fleet_quote.hpp"

namespace fleetcast {
namespace {

const fargate_prices& prices() { return default_catalog().fargate; }

fargate_request ecs(int cpu, int mem) {
  fargate_request r;
  r.cpu_units = cpu;
  r.memory_mib = mem;
  return r;
}

// AWS Fargate pricing page, Example 1: 5 tasks × 1 vCPU, 2 GB, 30 GB ephemeral storage,
// 10 minutes a day for 30 days. vCPU 5×1×0.000011244×600×30 = $1.01196 → $1.01; memory
// 5×2×0.000001235×600×30 = $0.2223 → $0.22; storage 5×10×0.0000000308×600×30 = $0.02772 →
// $0.03; monthly charge $1.26.
TEST(FargateBilling, AwsExample1LinuxX86ToTheCent) {
  fleet f;
  fargate_fleet_entry e;
  e.name = "example-1";
  e.task = ecs(1024, 2048);
  e.task.ephemeral_storage_gib = 30;
  e.count = 5;
  e.run_seconds = 600;
  e.runs = 30;
  f.fargate.push_back(e);
  const invoice inv = quote_fleet(f, default_catalog());
  ASSERT_EQ(inv.lines.size(), 3u);
  EXPECT_NEAR(inv.lines[0].cost_usd, 1.01196, 1e-12);
  EXPECT_NEAR(inv.lines[1].cost_usd, 0.2223, 1e-12);
  EXPECT_NEAR(inv.lines[2].cost_usd, 0.02772, 1e-12);
  EXPECT_EQ(inv.lines[0].invoice_cents(), 101);
  EXPECT_EQ(inv.lines[1].invoice_cents(), 22);
  EXPECT_EQ(inv.lines[2].invoice_cents(), 3);
  EXPECT_EQ(inv.invoice_total_cents(), 126);
  EXPECT_NEAR(inv.lines[0].quantity, 25.0, 1e-12);  // 90 000 vCPU-seconds = 25 vCPU-hours
  EXPECT_EQ(inv.lines[0].unit, "vCPU-Hours");
}

// Example 2, the same tasks on Graviton: 5×1×0.0000089944×18000 = $0.809496 → $0.81;
// 5×2×0.0000009889×18000 = $0.178002 → $0.18; storage $0.02772 → $0.03; total $1.02.
TEST(FargateBilling, AwsExample2LinuxArmToTheCent) {
  fargate_request r = ecs(1024, 2048);
  r.arch = cpu_arch::arm64;
  r.ephemeral_storage_gib = 30;
  const fargate_size size = fargate_billed_size(prices(), r);
  const auto per_run = fargate_billed_seconds(prices(), r.os, 600);
  const fargate_charge c = fargate_charges(prices(), r, size, 5.0 * 30 * double(per_run));
  EXPECT_NEAR(c.vcpu_usd, 0.809496, 1e-12);
  EXPECT_NEAR(c.memory_usd, 0.178002, 1e-12);
  EXPECT_NEAR(c.storage_usd, 0.02772, 1e-12);
  EXPECT_EQ(round_to_cents(c.vcpu_usd) + round_to_cents(c.memory_usd) + round_to_cents(c.storage_usd),
            102);
}

TEST(FargateBilling, RoundsUpToTheWholeSecondWithAOneMinuteMinimumOnLinux) {
  EXPECT_EQ(fargate_billed_seconds(prices(), os_family::linux_os, 1), 60);
  EXPECT_EQ(fargate_billed_seconds(prices(), os_family::linux_os, 59.999), 60);
  EXPECT_EQ(fargate_billed_seconds(prices(), os_family::linux_os, 60), 60);
  EXPECT_EQ(fargate_billed_seconds(prices(), os_family::linux_os, 61.0001), 62);
  EXPECT_EQ(fargate_billed_seconds(prices(), os_family::windows_os, 120), 300);
  EXPECT_EQ(fargate_billed_seconds(prices(), os_family::windows_os, 300.5), 301);
}

// Windows, 1 vCPU / 2 GB for 120 s: billed 300 s (5-minute minimum).
// vCPU 300/3600×0.046552 = $0.0038793333…; memory 2×300/3600×0.00511175 = $0.00085195833…;
// licence 300/3600×0.046 = $0.0038333333…
TEST(FargateBilling, WindowsHasFiveMinuteMinimumAndALicencePerVcpu) {
  fleet f;
  fargate_fleet_entry e;
  e.name = "win";
  e.task = ecs(1024, 2048);
  e.task.os = os_family::windows_os;
  e.run_seconds = 120;
  f.fargate.push_back(e);
  const invoice inv = quote_fleet(f, default_catalog());
  ASSERT_EQ(inv.lines.size(), 3u);
  EXPECT_NEAR(inv.lines[0].cost_usd, 300.0 / 3600 * 0.046552, 1e-15);
  EXPECT_NEAR(inv.lines[1].cost_usd, 2 * 300.0 / 3600 * 0.00511175, 1e-15);
  EXPECT_EQ(inv.lines[2].item, "Fargate (ECS) Windows OS licence");
  EXPECT_NEAR(inv.lines[2].cost_usd, 300.0 / 3600 * 0.046, 1e-15);
}

TEST(FargateBilling, ValidPairsAreKeptAsTheyAre) {
  for (auto [cpu, mem] : {std::pair{256, 512}, {256, 2048}, {512, 4096}, {1024, 8192},
                          {2048, 16384}, {4096, 30720}, {8192, 61440}, {16384, 122880}}) {
    const fargate_size s = fargate_billed_size(prices(), ecs(cpu, mem));
    EXPECT_EQ(s.cpu_units, cpu);
    EXPECT_EQ(s.memory_mib, mem);
    EXPECT_FALSE(s.rounded);
  }
}

TEST(FargateBilling, InvalidPairsRoundUpToTheCheapestValidPair) {
  // 300 units / 600 MiB: candidates 512/1024 ($0.02468/h) and 1024/2048 ($0.04937/h).
  fargate_size s = fargate_billed_size(prices(), ecs(300, 600));
  EXPECT_EQ(s.cpu_units, 512);
  EXPECT_EQ(s.memory_mib, 1024);
  EXPECT_TRUE(s.rounded);
  // 0.25 vCPU with 3 GB: the 0.25 row stops at 2 GB; 0.5 vCPU/3 GB ($0.0336/h) beats
  // 1 vCPU/3 GB ($0.0538/h).
  s = fargate_billed_size(prices(), ecs(256, 3072));
  EXPECT_EQ(s.cpu_units, 512);
  EXPECT_EQ(s.memory_mib, 3072);
  // 8 vCPU rows step by 4 GB: 8 vCPU with 17 GB becomes 8 vCPU / 20 GB.
  s = fargate_billed_size(prices(), ecs(8192, 17408));
  EXPECT_EQ(s.cpu_units, 8192);
  EXPECT_EQ(s.memory_mib, 20480);
  // 4 vCPU with 40 GB: the 4 vCPU row ends at 30 GB, so 8 vCPU / 40 GB.
  s = fargate_billed_size(prices(), ecs(4096, 40960));
  EXPECT_EQ(s.cpu_units, 8192);
  EXPECT_EQ(s.memory_mib, 40960);
}

TEST(FargateBilling, RequestsNoPairCanHoldAreErrors) {
  try {
    (void)fargate_billed_size(prices(), ecs(65536, 1024));
    FAIL() << "expected input_error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.8");
  }
  EXPECT_THROW((void)fargate_billed_size(prices(), ecs(1024, 300000)), input_error);
}

// EKS user guide: a pod requesting 1 vCPU and 8 GB becomes 8.25 GB with the 256 MiB
// overhead; no 1 vCPU size has 9 GB, so the pod is billed as 2 vCPU / 9 GB.
TEST(FargateBilling, EksPodsGet256MibAndRoundUpAsInTheEksUserGuide) {
  fargate_request r = ecs(1024, 8192);
  r.on = platform::eks;
  const fargate_size s = fargate_billed_size(prices(), r);
  EXPECT_EQ(s.cpu_units, 2048);
  EXPECT_EQ(s.memory_mib, 9216);
  EXPECT_EQ(s.requested_memory_mib, 8448);
  EXPECT_TRUE(s.rounded);
}

TEST(FargateBilling, EksPodWithoutRequestsGetsTheSmallestSize) {
  fargate_request r;
  r.on = platform::eks;
  const fargate_size s = fargate_billed_size(prices(), r);
  EXPECT_EQ(s.cpu_units, 256);
  EXPECT_EQ(s.memory_mib, 512);
  // 0.25 vCPU + 256 MiB request + 256 MiB overhead = exactly 0.25 vCPU / 0.5 GB.
  r.cpu_units = 256;
  r.memory_mib = 256;
  EXPECT_EQ(fargate_billed_size(prices(), r).memory_mib, 512);
}

TEST(FargateBilling, EksHasNoThirtyTwoVcpuRowButEcsDoes) {
  fargate_request r = ecs(16384, 122880);  // 16 vCPU / 120 GB + 256 MiB does not fit on EKS
  r.on = platform::eks;
  EXPECT_THROW((void)fargate_billed_size(prices(), r), input_error);
  const fargate_size s = fargate_billed_size(prices(), ecs(16384, 122880 + 256));
  EXPECT_EQ(s.cpu_units, 32768);
  EXPECT_EQ(s.memory_mib, 249856);
}

TEST(FargateBilling, CombinationRules) {
  auto id_of = [](fargate_request r) -> std::string {
    try {
      (void)fargate_billed_size(prices(), r);
    } catch (const input_error& e) {
      return e.id();
    }
    return "none";
  };
  fargate_request r = ecs(1024, 2048);
  r.on = platform::eks;
  r.os = os_family::windows_os;
  EXPECT_EQ(id_of(r), "fleetcast.input.9");
  r.os = os_family::linux_os;
  r.arch = cpu_arch::arm64;
  EXPECT_EQ(id_of(r), "fleetcast.input.9");
  r.arch = cpu_arch::x86_64;
  r.spot = true;
  EXPECT_EQ(id_of(r), "fleetcast.input.9");
  r = ecs(512, 2048);
  r.os = os_family::windows_os;  // Windows needs ≥ 1 vCPU
  EXPECT_EQ(id_of(r), "fleetcast.input.9");
  r = ecs(1024, 2048);
  r.os = os_family::windows_os;
  r.spot = true;  // Fargate Spot is Linux only
  EXPECT_EQ(id_of(r), "fleetcast.input.9");
  r = ecs(1024, 2048);
  r.ephemeral_storage_gib = 201;
  EXPECT_EQ(id_of(r), "fleetcast.input.5");
  r.on = platform::eks;
  r.ephemeral_storage_gib = 176;
  EXPECT_EQ(id_of(r), "fleetcast.input.5");
  r.ephemeral_storage_gib = 175;
  EXPECT_EQ(id_of(r), "none");
  // Windows sizes exist only at 1, 2 and 4 vCPU: 8 vCPU Windows has no pair.
  r = ecs(8192, 16384);
  r.os = os_family::windows_os;
  EXPECT_EQ(id_of(r), "fleetcast.input.8");
}

TEST(FargateBilling, StorageIsBilledOnlyAboveTwentyGb) {
  fargate_request r = ecs(256, 512);
  const fargate_size s = fargate_billed_size(prices(), r);
  EXPECT_EQ(fargate_charges(prices(), r, s, 3600).storage_usd, 0.0);
  r.ephemeral_storage_gib = 21;  // 1 GB × 3600 s × $0.0000000308
  EXPECT_NEAR(fargate_charges(prices(), r, s, 3600).storage_usd, 3600 * 0.0000000308, 1e-18);
}

// Fargate Spot Linux/x86 (catalog: $0.01246287 per vCPU-h, $0.00136851 per GB-h): one task of
// 1 vCPU / 2 GB for an hour costs 0.01246287 + 2 × 0.00136851 = $0.01519989.
TEST(FargateBilling, SpotUsesTheSpotRates) {
  fargate_request r = ecs(1024, 2048);
  r.spot = true;
  const fargate_charge c = fargate_charges(prices(), r, fargate_billed_size(prices(), r), 3600);
  EXPECT_NEAR(c.total_usd(), 0.01519989, 1e-15);
}

}  // namespace
}  // namespace fleetcast
