// Platform capacity of EC2 instances for the packer, against published figures and hand
// calculations. "facts" = /work/shared/docs/aws-pricing-facts.md. Instance figures (vCPU, MiB,
// ENIs, IPv4 per ENI) come from the built-in catalog, which matches facts §3.3:
//   m5.large 2 vCPU, 8192 MiB, 3 ENIs × 10 IPv4; m5.xlarge 4, 16384, 4 × 15;
//   m5.4xlarge 16, 65536, 8 × 30; t3.large 2, 8192, 3 × 12.
#include "fleetcast/packing/capacity.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

namespace fleetcast::packing {
namespace {

const instance_type& type(const std::string& name) {
  const instance_type* t = default_catalog().ec2.find(name);
  EXPECT_NE(t, nullptr) << name;
  return *t;
}

instance_type synthetic(int vcpu, int memory_mib, int enis, int ipv4, std::string family,
                        std::string size) {
  instance_type t;
  t.name = family + "." + size;
  t.family = std::move(family);
  t.size = std::move(size);
  t.vcpu = vcpu;
  t.memory_mib = memory_mib;
  t.max_enis = enis;
  t.ipv4_per_eni = ipv4;
  return t;
}

// ---- VPC CNI max pods (facts §4.1) ------------------------------------------------------

TEST(CapacityVpcCni, SecondaryIpsMatchEniMaxPods) {
  // facts §4.1: m5.large → 29. facts §3.3: 3 × (10 − 1) + 2 = 29.
  EXPECT_EQ(vpc_cni_max_pods(type("m5.large")), 29);
  // facts §3.3: m5.xlarge 4 × 14 + 2 = 58 (under the 110 cap).
  EXPECT_EQ(vpc_cni_max_pods(type("m5.xlarge")), 58);
  // facts §3.3: t3.large 3 × 11 + 2 = 35.
  EXPECT_EQ(vpc_cni_max_pods(type("t3.large")), 35);
}

TEST(CapacityVpcCni, RecommendedCapAndUncapped) {
  // facts §3.3: m5.4xlarge 8 × 29 + 2 = 234 (eni-max-pods.txt); 16 vCPU ≤ 30 → capped at 110.
  EXPECT_EQ(vpc_cni_max_pods(type("m5.4xlarge"), {.capped = false}), 234);
  EXPECT_EQ(vpc_cni_max_pods(type("m5.4xlarge")), 110);
  // Above 30 vCPUs the cap is 250 (facts §4.1). Hand: m5.24xlarge-like, 96 vCPU, 15 ENIs × 50
  // IPv4: 15 × 49 + 2 = 737 → 250.
  const instance_type big = synthetic(96, 393216, 15, 50, "m5", "24xlarge");
  EXPECT_EQ(vpc_cni_max_pods(big, {.capped = false}), 737);
  EXPECT_EQ(vpc_cni_max_pods(big), 250);
  EXPECT_EQ(recommended_max_pods_cap(30), 110);
  EXPECT_EQ(recommended_max_pods_cap(31), 250);
}

TEST(CapacityVpcCni, PrefixDelegation) {
  // facts §4.1: m5.large 3 × (9 × 16) + 2 = 434, capped to 110.
  EXPECT_EQ(vpc_cni_max_pods(type("m5.large"), {.prefix_delegation = true, .capped = false}), 434);
  EXPECT_EQ(vpc_cni_max_pods(type("m5.large"), {.prefix_delegation = true}), 110);
}

TEST(CapacityVpcCni, CustomNetworkingLosesThePrimaryEni) {
  // facts §4.1: m5.large with custom networking → 20 (from the docs): (3 − 1) × 9 + 2.
  EXPECT_EQ(vpc_cni_max_pods(type("m5.large"), {.custom_networking = true}), 20);
  // Hand: with prefix delegation too, (3 − 1) × 144 + 2 = 290 uncapped.
  EXPECT_EQ(
      vpc_cni_max_pods(type("m5.large"),
                       {.prefix_delegation = true, .custom_networking = true, .capped = false}),
      290);
}

// ---- kube-reserved (facts §4.2) --------------------------------------------------------

TEST(CapacityKubeReserved, CpuTiers) {
  // facts §4.2: 2 vCPU → 70m, 4 → 80m, 8 → 90m, 16 → 110m.
  EXPECT_EQ(kube_reserved_cpu_millicores(2), 70);
  EXPECT_EQ(kube_reserved_cpu_millicores(4), 80);
  EXPECT_EQ(kube_reserved_cpu_millicores(8), 90);
  EXPECT_EQ(kube_reserved_cpu_millicores(16), 110);
  // Hand: 1 vCPU = 6% of 1000 = 60; 3 vCPU = 60 + 10 + 0.5% of 1000 = 75;
  // 96 vCPU = 80 + 0.25% of 92000 = 80 + 230 = 310.
  EXPECT_EQ(kube_reserved_cpu_millicores(1), 60);
  EXPECT_EQ(kube_reserved_cpu_millicores(3), 75);
  EXPECT_EQ(kube_reserved_cpu_millicores(96), 310);
  // Hand: 5 vCPU = 80 + 1000 × 25 / 100 / 100 = 80 + 2 (bootstrap.sh truncates 2.5) = 82.
  EXPECT_EQ(kube_reserved_cpu_millicores(5), 82);
}

TEST(CapacityKubeReserved, Memory) {
  // facts §4.2: m5.large → 11 × 29 + 255 = 574 Mi.
  EXPECT_EQ(kube_reserved_memory_mib(29), 574);
  // Hand: 11 × 110 + 255 = 1465.
  EXPECT_EQ(kube_reserved_memory_mib(110), 1465);
}

// ---- EKS node allocatable --------------------------------------------------------------

TEST(CapacityEks, M5LargeDefaults) {
  // facts §4.1, §4.2: 29 pods, kube-reserved 574 MiB and 70m, eviction 100 MiB.
  // CPU 2 × 1000 − 70 = 1930m; memory 8192 − 574 − 100 = 7518 MiB.
  const eks_node_capacity c = eks_node_allocatable(type("m5.large"));
  EXPECT_EQ(c.capacity_cpu_millicores, 2000);
  EXPECT_EQ(c.capacity_memory_mib, 8192);
  EXPECT_EQ(c.max_pods, 29);
  EXPECT_EQ(c.reserved_memory_max_pods, 29);
  EXPECT_EQ(c.kube_reserved_cpu_m, 70);
  EXPECT_EQ(c.kube_reserved_memory_mib, 574);
  EXPECT_EQ(c.eviction_memory_mib, 100);
  EXPECT_TRUE(c.daemonsets_fit);
  EXPECT_EQ(c.cpu_millicores, 1930);
  EXPECT_EQ(c.memory_mib, 7518);
  EXPECT_EQ(c.pods, 29);
}

TEST(CapacityEks, PrefixDelegationKeepsTheTableReservationByDefault) {
  // AL2 bootstrap.sh / AL2023 nodeadm feed eni-max-pods.txt (29) to the memory formula even
  // when the kubelet runs with 110 pods. Hand: 8192 − 574 − 100 = 7518 MiB, 110 pods.
  const eks_node_capacity c =
      eks_node_allocatable(type("m5.large"), {.cni = {.prefix_delegation = true}});
  EXPECT_EQ(c.max_pods, 110);
  EXPECT_EQ(c.reserved_memory_max_pods, 29);
  EXPECT_EQ(c.kube_reserved_memory_mib, 574);
  EXPECT_EQ(c.memory_mib, 7518);
  EXPECT_EQ(c.pods, 110);
}

TEST(CapacityEks, ReservationFromTheMaxPodsInUse) {
  // Karpenter-style: 11 × 110 + 255 = 1465; 8192 − 1465 − 100 = 6627 MiB.
  const eks_node_capacity c = eks_node_allocatable(
      type("m5.large"),
      {.cni = {.prefix_delegation = true}, .reserve_for = reserved_memory_pods::max_pods_in_use});
  EXPECT_EQ(c.reserved_memory_max_pods, 110);
  EXPECT_EQ(c.kube_reserved_memory_mib, 1465);
  EXPECT_EQ(c.memory_mib, 6627);
}

TEST(CapacityEks, MaxPodsOverride) {
  // Hand: kubelet --max-pods=17 → 17 pods; reservation still from the table (574) by default,
  // 11 × 17 + 255 = 442 with max_pods_in_use → 8192 − 442 − 100 = 7650 MiB.
  eks_node_options o;
  o.max_pods_override = 17;
  EXPECT_EQ(eks_node_allocatable(type("m5.large"), o).pods, 17);
  EXPECT_EQ(eks_node_allocatable(type("m5.large"), o).memory_mib, 7518);
  o.reserve_for = reserved_memory_pods::max_pods_in_use;
  EXPECT_EQ(eks_node_allocatable(type("m5.large"), o).memory_mib, 7650);
}

TEST(CapacityEks, M5FourXlargeCappedPodsTableReservation) {
  // Hand from facts §3.3/§4.1/§4.2: pods min(234, 110) = 110; reservation 11 × 234 + 255 = 2829;
  // CPU 16000 − 110 = 15890m; memory 65536 − 2829 − 100 = 62607 MiB.
  const eks_node_capacity c = eks_node_allocatable(type("m5.4xlarge"));
  EXPECT_EQ(c.pods, 110);
  EXPECT_EQ(c.kube_reserved_memory_mib, 2829);
  EXPECT_EQ(c.cpu_millicores, 15890);
  EXPECT_EQ(c.memory_mib, 62607);
}

TEST(CapacityEks, DaemonSetsAreSubtracted) {
  // Hand: DaemonSets of 150m, 200 MiB, 3 pods on m5.large: 1930 − 150 = 1780m,
  // 7518 − 200 = 7318 MiB, 29 − 3 = 26 pods.
  eks_node_options o;
  o.daemonsets = {.cpu_millicores = 150, .memory_mib = 200, .pods = 3};
  const eks_node_capacity c = eks_node_allocatable(type("m5.large"), o);
  EXPECT_TRUE(c.daemonsets_fit);
  EXPECT_EQ(c.cpu_millicores, 1780);
  EXPECT_EQ(c.memory_mib, 7318);
  EXPECT_EQ(c.pods, 26);
  EXPECT_EQ(c.daemonsets.pods, 3);
  EXPECT_EQ(c.kube_reserved_cpu_m, 70);  // the parts stay visible
}

TEST(CapacityEks, DaemonSetsThatOverfillTheNodeAreAStatus) {
  // Hand: 2000m of DaemonSets > 1930m allocatable → nothing left, no negative capacity.
  eks_node_options o;
  o.daemonsets.cpu_millicores = 2000;
  const eks_node_capacity c = eks_node_allocatable(type("m5.large"), o);
  EXPECT_FALSE(c.daemonsets_fit);
  EXPECT_EQ(c.cpu_millicores, 0);
  EXPECT_EQ(c.memory_mib, 0);
  EXPECT_EQ(c.pods, 0);
}

TEST(CapacityEks, ReservationTableAgreesWithTheCatalog) {
  // The table pod count is the catalog's eks_max_pods (eni-max-pods.txt) for every type.
  for (const instance_type& t : default_catalog().ec2.types)
    EXPECT_EQ(eks_node_allocatable(t).reserved_memory_max_pods, t.eks_max_pods) << t.name;
}

// ---- ECS container instance (facts §3.4, §7) -------------------------------------------

TEST(CapacityEcs, RegisteredMemoryFollowsAwsExample) {
  // ECS developer guide, "Reserving Amazon ECS Linux container instance memory": an m4.large
  // (8 GiB installed) has MemTotal 8373026816 bytes = 7985 MiB available for tasks.
  const instance_type m4 = synthetic(2, 8192, 2, 10, "m4", "large");
  const ecs_instance_capacity c = ecs_container_instance(m4);
  EXPECT_EQ(c.os_overhead_mib, 207);
  EXPECT_EQ(c.memory_mib, 7985);
  EXPECT_EQ(8373026816LL / (1024 * 1024), 7985);  // the agent's MemTotal / 1 MiB, truncated
}

TEST(CapacityEcs, M5LargeAwsvpc) {
  // CPU 2 × 1024 = 2048 units; memory as the example (same 8192 MiB): 7985; awsvpc tasks =
  // 3 ENIs − 1 = 2 (facts §3.4).
  const ecs_instance_capacity c = ecs_container_instance(type("m5.large"));
  EXPECT_EQ(c.cpu_units, 2048);
  EXPECT_EQ(c.nominal_memory_mib, 8192);
  EXPECT_EQ(c.memory_mib, 7985);
  ASSERT_TRUE(c.task_slots.has_value());
  EXPECT_EQ(*c.task_slots, 2);
  EXPECT_FALSE(c.eni_trunking_applied);
}

TEST(CapacityEcs, ReservedMemoryAndMeasuredOverhead) {
  // ECS guide: ECS_RESERVED_MEMORY=256 registers total − 256. Hand: 7985 − 256 = 7729.
  ecs_instance_options o;
  o.reserved_memory_mib = 256;
  EXPECT_EQ(ecs_container_instance(type("m5.large"), o).memory_mib, 7729);
  // Hand: measured overhead 300 MiB on m5.xlarge: 16384 − 300 − 256 = 15828.
  o.os_overhead_mib = 300;
  EXPECT_EQ(ecs_container_instance(type("m5.xlarge"), o).memory_mib, 15828);
  // Hand: fraction 0 registers the nominal memory: 16384.
  EXPECT_EQ(ecs_container_instance(type("m5.xlarge"), {.os_overhead_fraction = 0.0}).memory_mib,
            16384);
  // Hand: m5.xlarge default, ceil(16384 × 207 / 8192) = 414 → 15970.
  EXPECT_EQ(ecs_container_instance(type("m5.xlarge")).memory_mib, 15970);
}

TEST(CapacityEcs, EniTrunkingIsOptIn) {
  // ECS developer guide's trunking table (docs/sources/fidelity-facts.md §1.2, rows
  // "m5.large 2 | 10", "c5.xlarge 3 | 20", "r5.2xlarge 3 | 40", "m5.4xlarge 7 | 60").
  const ecs_instance_options trunk{.eni_trunking = true};
  EXPECT_EQ(*ecs_container_instance(type("m5.large"), trunk).task_slots, 10);
  EXPECT_EQ(*ecs_container_instance(type("c5.xlarge"), trunk).task_slots, 20);
  EXPECT_EQ(*ecs_container_instance(type("r5.2xlarge"), trunk).task_slots, 40);
  EXPECT_EQ(*ecs_container_instance(type("m5.4xlarge"), trunk).task_slots, 60);
  EXPECT_TRUE(ecs_container_instance(type("m5.large"), trunk).eni_trunking_applied);
  // Without opting in: ENIs − 1 (fidelity-facts §1.1): 4 − 1 = 3, 8 − 1 = 7.
  EXPECT_EQ(*ecs_container_instance(type("c5.xlarge")).task_slots, 3);
  EXPECT_EQ(*ecs_container_instance(type("m5.4xlarge")).task_slots, 7);
  // t3/t4g have no row (not supported): back to 3 − 1 = 2.
  const ecs_instance_capacity t3 = ecs_container_instance(type("t3.large"), trunk);
  EXPECT_FALSE(t3.eni_trunking_applied);
  EXPECT_EQ(*t3.task_slots, 2);
  EXPECT_FALSE(ecs_trunked_task_limit(type("t4g.xlarge")).has_value());
  // m7i is newer than the table's 2023 copy: no row, so no trunking (4 − 1 = 3 on xlarge).
  const ecs_instance_capacity m7i = ecs_container_instance(type("m7i.xlarge"), trunk);
  EXPECT_FALSE(m7i.eni_trunking_applied);
  EXPECT_EQ(*m7i.task_slots, 3);
}

TEST(CapacityEcs, TrunkingTableMatchesTheDocumentedRows) {
  // Rows copied by hand from docs/sources/fidelity-facts.md §1.2 (awsdocs/
  // amazon-ecs-developer-guide doc_source/container-instance-eni.md @ a35b7671):
  // {type, task limit without trunking, with trunking}.
  struct documented {
    const char* family;
    const char* size;
    std::int64_t without, with;
  };
  const documented rows[] = {
      {"m5", "large", 2, 10},      {"m5", "2xlarge", 3, 40},   {"m5", "16xlarge", 14, 120},
      {"m6i", "xlarge", 3, 20},    {"m6i", "8xlarge", 7, 90},  {"m6i", "12xlarge", 7, 120},
      {"m6i", "32xlarge", 14, 120}, {"c5", "9xlarge", 7, 60},  {"c5", "18xlarge", 14, 120},
      {"r5", "4xlarge", 7, 60},    {"r5", "12xlarge", 7, 60},  {"m6g", "medium", 1, 4},
      {"c7g", "16xlarge", 14, 120}, {"g5", "48xlarge", 6, 120}, {"p4d", "24xlarge", 59, 120},
  };
  for (const documented& d : rows) {
    instance_type t;
    t.family = d.family;
    t.size = d.size;
    const eni_trunking_row* r = ecs_eni_trunking_row(t);
    ASSERT_NE(r, nullptr) << d.family << "." << d.size;
    EXPECT_EQ(r->without_trunking, d.without) << d.family << "." << d.size;
    EXPECT_EQ(r->with_trunking, d.with) << d.family << "." << d.size;
  }
  // r5.8xlarge is on the guide's unsupported list: no row.
  instance_type r5_8xl;
  r5_8xl.family = "r5";
  r5_8xl.size = "8xlarge";
  EXPECT_EQ(ecs_eni_trunking_row(r5_8xl), nullptr);
}

TEST(CapacityEcs, TrunkingTableAgreesWithTheCatalogsEnis) {
  // The table's "without trunking" column is ENIs − 1 (the guide: "add one to the current task
  // limit" for the ENI limit), so for every built-in type it lists with one network card, the
  // catalog's ENIs − 1 must equal it; an ECS instance without trunking gets exactly that many
  // task slots. p4d.24xlarge has 4 network cards: the table's 59 counts all of them (4 × 15 − 1),
  // the catalog's 15 ENIs are the first card's (the VPC CNI's max pods, 15 × 49 + 2 = 737).
  int checked = 0;
  for (const instance_type& t : default_catalog().ec2.types) {
    const eni_trunking_row* r = ecs_eni_trunking_row(t);
    if (r == nullptr) continue;
    ++checked;
    if (t.name == "p4d.24xlarge") {
      EXPECT_EQ(r->without_trunking, 4 * std::int64_t{t.max_enis} - 1);
    } else {
      EXPECT_EQ(std::int64_t{t.max_enis} - 1, r->without_trunking) << t.name;
    }
    EXPECT_EQ(*ecs_container_instance(t).task_slots, r->without_trunking) << t.name;
    EXPECT_EQ(*ecs_container_instance(t, {.eni_trunking = true}).task_slots, r->with_trunking) << t.name;
  }
  // Every row of the table but p3.2xlarge, which the catalog leaves out (no source of its GPU
  // model: tools/gen_region_catalogs.py extract-types): the generated types' ENIs (Karpenter's
  // vpclimits) agree with the ECS guide's table for the other 100 rows.
  EXPECT_EQ(checked, static_cast<int>(std::size(ecs_eni_trunking_table)) - 1);
  EXPECT_EQ(default_catalog().ec2.find("p3.2xlarge"), nullptr);
}

TEST(CapacityEcs, BridgeAndHostHaveNoEniLimit) {
  for (ecs_network_mode m : {ecs_network_mode::bridge, ecs_network_mode::host}) {
    const ecs_instance_capacity c = ecs_container_instance(type("m5.large"), {.network_mode = m});
    EXPECT_FALSE(c.task_slots.has_value());
    EXPECT_EQ(to_resources(c)[static_cast<std::size_t>(dim::pods)], unlimited_task_slots);
  }
}

// ---- To the packer ---------------------------------------------------------------------

TEST(CapacityResources, EksInMillicoresEcsInCpuUnits) {
  // The m5.large figures above, in the order cpu, memory, pods/task slots, GPUs.
  EXPECT_EQ(to_resources(eks_node_allocatable(type("m5.large"))),
            (resources<4>{1930, 7518, 29, 0}));
  EXPECT_EQ(to_resources(ecs_container_instance(type("m5.large"))),
            (resources<4>{2048, 7985, 2, 0}));
}

TEST(CapacityResources, UsableAtCompileTime) {
  static_assert(kube_reserved_cpu_millicores(16) == 110);
  static_assert(kube_reserved_memory_mib(29) == 574);
  static_assert(to_resources(eks_node_capacity{.cpu_millicores = 1, .memory_mib = 2, .pods = 3}) ==
                resources<4>{1, 2, 3, 0});
}

}  // namespace
}  // namespace fleetcast::packing
