// Online cluster state: placement, removal, empty instances and consolidation, hand-checked.
#include <gtest/gtest.h>

#include "fleetcast/packing/cluster.hpp"

namespace fleetcast::packing {
namespace {

using r2 = resources<2>;
// One type A: 4 CPU, 8 GB, $1/h. Shapes: s0 = (1 CPU, 2 GB), s1 = (2 CPU, 1 GB).
cluster<2> small() { return cluster<2>({{"A", {4, 8}, 1.0, 0.0}}, {r2{1, 2}, r2{2, 1}}); }

TEST(Cluster, PlacesInBulkAndLaunchesWhenNothingFits) {
  auto c = small();
  // 5 × s0: A holds min(4/1, 8/2) = 4, so 4 go to instance 0 and 1 to a new instance 1.
  EXPECT_EQ(c.place(0, 5, placement_policy::first_fit, {type_policy::fixed, 0}), 5);
  ASSERT_EQ(c.instance_count(), 2u);
  EXPECT_EQ(c.tasks(0, 0), 4);
  EXPECT_EQ(c.tasks(1, 0), 1);
  EXPECT_EQ(c.residual(1), (r2{3, 6}));
  EXPECT_DOUBLE_EQ(c.cost_per_hour(), 2.0);
}

TEST(Cluster, RemovesFromTheLeastUtilisedInstanceAndTerminatesEmptyOnes) {
  auto c = small();
  c.place(0, 5, placement_policy::first_fit, {type_policy::fixed, 0});
  // Instance 1 is 25% used, instance 0 100%: the removal takes instance 1's task.
  EXPECT_EQ(c.remove(0, 1, removal_policy::least_utilised_first), 1);
  EXPECT_EQ(c.tasks(0, 0), 4);
  ASSERT_EQ(c.empty_instances(), std::vector<std::size_t>{1});
  const auto gone = c.terminate_empty();
  EXPECT_EQ(gone, std::vector<std::uint64_t>{2});
  EXPECT_EQ(c.instance_count(), 1u);
  EXPECT_EQ(c.remove(0, 10, removal_policy::newest_first), 4);  // only 4 were running
  EXPECT_EQ(c.remove(1, 1, removal_policy::oldest_first), 0);
}

TEST(Cluster, SpreadAlternatesBinpackFills) {
  auto c = small();
  c.place(0, 8, placement_policy::first_fit, {type_policy::fixed, 0});  // two full instances
  c.remove(0, 2, removal_policy::oldest_first);                           // 2 free slots on inst 0
  c.remove(0, 2, removal_policy::newest_first);                           // 2 free slots on inst 1
  // s1 needs 2 CPU: each instance has 2 CPU free → spread puts one on each.
  EXPECT_EQ(c.place(1, 2, placement_policy::spread), 2);
  EXPECT_EQ(c.tasks(0, 1), 1);
  EXPECT_EQ(c.tasks(1, 1), 1);
}

TEST(Cluster, DrainConsolidationMovesTasksOffTheEmptiestInstance) {
  auto c = small();
  c.place(0, 8, placement_policy::first_fit, {type_policy::fixed, 0});
  c.remove(0, 2, removal_policy::oldest_first);
  c.remove(0, 2, removal_policy::newest_first);  // 2 + 2 tasks: one instance suffices
  const consolidation r = c.consolidate_drain();
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.moves, 2);
  EXPECT_EQ(r.instances_before, 2);
  EXPECT_EQ(r.instances_after, 1);
  EXPECT_DOUBLE_EQ(r.cost_after, 1.0);
  EXPECT_EQ(c.tasks_of(0), 4);
}

TEST(Cluster, RepackConsolidationReplacesWithCheaperTypes) {
  // Types A (4, 8) $1 and B (8, 16) $1.5; eight s0 tasks run on two A ($2/h).
  cluster<2> c({{"A", {4, 8}, 1.0, 0.0}, {"B", {8, 16}, 1.5, 0.0}}, {r2{1, 2}});
  c.place(0, 8, placement_policy::first_fit, {type_policy::fixed, 0});
  ASSERT_DOUBLE_EQ(c.cost_per_hour(), 2.0);
  // Cheapest type that fits is A again: the same $2, nothing to gain.
  EXPECT_FALSE(c.consolidate_repack("ffd_sum", {type_policy::cheapest, 0}).applied);
  // Karpenter-style: B holds 8 items for $1.5 (5.3 per $) against A's 4 per $ → one B.
  const consolidation r = c.consolidate_repack("ffd_sum", {type_policy::karpenter, 0});
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.instances_after, 1);
  EXPECT_DOUBLE_EQ(r.cost_after, 1.5);
  EXPECT_EQ(r.moves, 8);  // every task changes instance: no old B to keep
  EXPECT_EQ(c.instance_type(0), 1u);
  EXPECT_EQ(c.tasks(0, 0), 8);
  EXPECT_EQ(c.instance_id(0), 3u);  // ids 1 and 2 were the two A instances
}

TEST(Cluster, ShapesNoTypeCanHoldAreNotPlaced) {
  cluster<2> d({{"A", {4, 8}, 1.0, 0.0}}, {r2{5, 1}});
  EXPECT_EQ(d.place(0, 3, placement_policy::first_fit), 0);
  EXPECT_EQ(d.instance_count(), 0u);
}

}  // namespace
}  // namespace fleetcast::packing
