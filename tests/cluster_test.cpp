// Online cluster state: placement, removal, empty instances and consolidation, hand-checked.
#include <gtest/gtest.h>

#include "fleetcast/packing/cluster.hpp"
#include "xorshift.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <vector>

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

// Y (index 0) and Z (1) with three s0 each (1 CPU free), X (2) with one s1 (2 CPU free).
cluster<2> drain_case() {
  auto c = small();
  c.place(0, 8, placement_policy::first_fit, {type_policy::fixed, 0});  // Y, Z: 4 s0 each
  c.place(1, 1, placement_policy::first_fit, {type_policy::fixed, 0});  // X: one s1
  c.remove(0, 1, removal_policy::oldest_first);                          // Y: 3 s0
  c.remove(0, 1, removal_policy::newest_first);                          // Z: 3 s0
  return c;
}

TEST(Cluster, DrainConsolidationTriesOnlyTheLeastUtilisedBatch) {
  // Utilisation: X 0.5, Y and Z 0.75. X's 2-CPU task fits on neither Y nor Z (1 CPU free
  // each); Y's three tasks fit on X (2) and Z (1). A batch of one tries X alone: nothing.
  auto bounded = drain_case();
  EXPECT_FALSE(bounded.consolidate_drain(1).applied);
  EXPECT_EQ(bounded.instance_count(), 3u);
  // A batch of two (X, then Y by index) drains Y, as the unbounded pass does.
  auto two = drain_case(), every = drain_case();
  const consolidation r2b = two.consolidate_drain(2);
  const consolidation r = every.consolidate_drain();
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.moves, 3);
  EXPECT_EQ(r.instances_after, 2);
  EXPECT_EQ(r2b.moves, r.moves);
  EXPECT_EQ(r2b.instances_after, r.instances_after);
}

// A fragmented cluster: random placements and removals of three shapes on one type.
cluster<2> fragmented(std::uint64_t seed) {
  cluster<2> c({{"A", {8, 16}, 1.0, 0.0}}, {r2{1, 2}, r2{2, 1}, r2{3, 3}});
  test::xorshift g{seed};
  for (int round = 0; round < 60; ++round) {
    const auto shape = std::uint32_t(g.in(0, 2));
    c.place(shape, g.in(1, 12), placement_policy::first_fit, {type_policy::fixed, 0});
    const auto policy = g.in(0, 1) == 0 ? removal_policy::newest_first : removal_policy::oldest_first;
    c.remove(std::uint32_t(g.in(0, 2)), g.in(0, 10), policy);
  }
  return c;
}

TEST(Cluster, BatchedDrainPassesMatchSortingEveryInstanceEachPass) {
  // The reference: each pass sorts every instance by utilisation (ties by index), tries the
  // first `batch` that run tasks in order and drains the first that can go, then terminates
  // the empty instances; until a pass drains nothing. consolidate_drain keeps its candidates
  // in a window between passes; the result must be the same, drain for drain.
  int several = 0;  // cases with two drains or more (the window kept across passes)
  for (const std::uint64_t seed : {3u, 17u, 29u, 101u, 7u, 55u}) {
    for (const std::size_t batch : {std::size_t(2), std::size_t(5), std::size_t(12)}) {
      auto fast = fragmented(seed), slow = fragmented(seed);
      ASSERT_GT(slow.instance_count(), 2 * batch) << "seed " << seed;
      std::int64_t moves = 0;
      int drains = 0;
      for (bool progress = true; progress;) {
        progress = false;
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < slow.instance_count(); ++i)
          if (!slow.empty_instance(i)) order.push_back(i);
        std::stable_sort(order.begin(), order.end(),
                         [&](auto a, auto b) { return slow.utilisation_of(a) < slow.utilisation_of(b); });
        order.resize(std::min(batch, order.size()));
        for (const std::size_t victim : order) {
          const std::int64_t moved = slow.drain(victim);
          if (moved < 0) continue;
          moves += moved;
          ++drains;
          progress = true;
          break;
        }
        if (progress) slow.terminate_empty();
      }
      several += drains >= 2 ? 1 : 0;
      const consolidation r = fast.consolidate_drain(batch);
      EXPECT_EQ(r.moves, moves) << "seed " << seed << " batch " << batch;
      ASSERT_EQ(fast.instance_count(), slow.instance_count()) << "seed " << seed << " batch " << batch;
      for (std::size_t i = 0; i < fast.instance_count(); ++i) {
        EXPECT_EQ(fast.instance_id(i), slow.instance_id(i));
        for (std::uint32_t s = 0; s < 3; ++s) EXPECT_EQ(fast.tasks(i, s), slow.tasks(i, s));
      }
      EXPECT_EQ(fast.gone_ids(), slow.gone_ids());
    }
  }
  EXPECT_GE(several, 6);  // else the window is barely exercised: make the clusters more fragmented
}

TEST(Cluster, EmptyInstancesTakeNoPlaceInTheDrainBatch) {
  // Type B (3 CPU, 8 GB); s1 = (2 CPU, 1 GB), one per instance: 40 busy instances (2/3 used).
  // 440 s0 (1 CPU, 2 GB) then fill their free CPU and 134 new instances, and go again: 134
  // empty instances stay (their scale-in comes later). 174 instances, more than a batch of
  // 100: were the empty ones candidates (utilisation 0, first in order), no busy instance
  // would be tried. The least utilised busy one (index 0) drains onto the first instance with
  // 2 CPU free — an empty one, which runs tasks from then on — then the empty ones go: 40 left.
  auto make = [] {
    cluster<2> c({{"B", {3, 8}, 1.0, 0.0}}, {r2{1, 2}, r2{2, 1}});
    for (int i = 0; i < 40; ++i) c.place(1, 1, placement_policy::first_fit, {type_policy::fixed, 0});
    c.place(0, 440, placement_policy::first_fit, {type_policy::fixed, 0});
    c.remove(0, 440, removal_policy::newest_first);
    return c;
  };
  auto bounded = make(), every = make();
  ASSERT_EQ(bounded.instance_count(), 174u);
  ASSERT_EQ(bounded.empty_instances().size(), 134u);
  const consolidation r = bounded.consolidate_drain(100), all = every.consolidate_drain();
  EXPECT_EQ(all.moves, 1);
  EXPECT_EQ(all.instances_after, 40);
  EXPECT_EQ(r.moves, all.moves);
  EXPECT_EQ(r.instances_after, all.instances_after);
  EXPECT_EQ(bounded.gone_ids(), every.gone_ids());
}

// Karpenter's batch: 60 instances of A ($1, 4 slots) then 50 of C ($3, the same size), all
// full. Price ÷ (1 + tasks): C 3/5, A 1/5, so the batch of 100 is the 50 C and the first 50 A.
cluster<2> karpenter_fleet() {
  cluster<2> c({{"A", {4, 8}, 1.0, 0.0}, {"C", {4, 8}, 3.0, 0.0}}, {r2{1, 2}});
  c.place(0, 240, placement_policy::first_fit, {type_policy::fixed, 0});
  c.place(0, 200, placement_policy::first_fit, {type_policy::fixed, 1});
  return c;
}

TEST(Cluster, RepackCandidatesAreKarpentersBatch) {
  auto c = karpenter_fleet();
  ASSERT_EQ(c.instance_count(), 110u);
  std::vector<std::size_t> batch, want;
  c.repack_candidates(100, batch);
  for (std::size_t i = 0; i < 50; ++i) want.push_back(i);
  for (std::size_t i = 60; i < 110; ++i) want.push_back(i);
  EXPECT_EQ(batch, want);
  // Empty instances are not candidates: the newest C emptied, the batch takes one more A.
  c.remove(0, 4, removal_policy::newest_first);
  ASSERT_TRUE(c.empty_instance(109));
  c.repack_candidates(100, batch);
  want.clear();
  for (std::size_t i = 0; i < 51; ++i) want.push_back(i);
  for (std::size_t i = 60; i < 109; ++i) want.push_back(i);
  EXPECT_EQ(batch, want);
  // With at most `batch` instances, every instance (empty ones too), as the whole repack.
  c.repack_candidates(110, batch);
  EXPECT_EQ(batch.size(), 110u);
}

TEST(Cluster, RepackOfABatchReplacesOnlyItsInstances) {
  auto c = karpenter_fleet();
  std::vector<std::size_t> batch;
  c.repack_candidates(100, batch);
  // The batch's 400 tasks on the cheapest type: 100 A for $100, against its $200 (50 × 3 + 50 × 1).
  const consolidation r = c.consolidate_repack("ffd_sum", {type_policy::cheapest, 0}, 0.0, batch);
  EXPECT_TRUE(r.applied);
  EXPECT_DOUBLE_EQ(r.cost_before, 210.0);
  EXPECT_DOUBLE_EQ(r.cost_after, 110.0);
  EXPECT_EQ(r.instances_after, 110);
  // 50 new A keep the ids of the batch's 50 A (4 tasks each stay); the other 50 are new: the
  // C's 200 tasks move.
  EXPECT_EQ(r.moves, 200);
  // The 10 A outside the batch (ids 51–60) are untouched and come first.
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(c.instance_id(i), 51 + i);
    EXPECT_EQ(c.tasks(i, 0), 4);
  }
  EXPECT_EQ(c.tasks_of(0), 440);
  EXPECT_EQ(c.instance_count(), 110u);
  // Found again by id: the cluster's bookkeeping follows the move.
  EXPECT_EQ(c.index_of(55), 4u);
  EXPECT_EQ(c.index_of(61), c.instance_count());  // the first C is gone
}

TEST(Cluster, ShapesNoTypeCanHoldAreNotPlaced) {
  cluster<2> d({{"A", {4, 8}, 1.0, 0.0}}, {r2{5, 1}});
  EXPECT_EQ(d.place(0, 3, placement_policy::first_fit), 0);
  EXPECT_EQ(d.instance_count(), 0u);
}

// --- the cluster's bookkeeping and indexes (what lets the simulator skip scans) ---------------

TEST(Cluster, KeepsEmptyGoneTouchedAndGainedInstancesWithoutAScan) {
  auto c = small();
  const auto v0 = c.members_version();
  c.place(0, 5, placement_policy::first_fit, {type_policy::fixed, 0});  // ids 1 (4 × s0), 2 (1 × s0)
  EXPECT_NE(c.members_version(), v0);  // two launches
  EXPECT_EQ(c.instances_of(0), 2);
  EXPECT_TRUE(c.empty_ids().empty());
  EXPECT_EQ(c.touched_ids(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(c.gained_ids(), (std::vector<std::uint64_t>{1, 2}));
  c.clear_touched();
  c.clear_gained();
  const auto v1 = c.members_version();
  // The removal empties id 2 (25 % used against 100 %): it is empty, touched, not gained.
  c.remove(0, 1, removal_policy::least_utilised_first);
  EXPECT_EQ(c.members_version(), v1);  // tasks moved, no instance came or went
  EXPECT_EQ(c.empty_ids(), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(c.touched_ids(), (std::vector<std::uint64_t>{2}));
  EXPECT_TRUE(c.gained_ids().empty());
  c.add_instance(0);  // id 3, empty, after id 2
  EXPECT_EQ(c.empty_ids(), (std::vector<std::uint64_t>{2, 3}));
  c.place(1, 1, placement_policy::first_fit, {type_policy::fixed, 0});  // s1 (2, 1) on id 2, the first that fits
  EXPECT_EQ(c.empty_ids(), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(c.gained_ids(), (std::vector<std::uint64_t>{2}));
  c.remove(1, 1, removal_policy::oldest_first);  // id 2 empty again: before id 3 in index order
  EXPECT_EQ(c.empty_ids(), (std::vector<std::uint64_t>{2, 3}));
  const auto gone = c.terminate_empty();
  EXPECT_EQ(gone, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(c.gone_ids(), (std::vector<std::uint64_t>{2, 3}));
  EXPECT_TRUE(c.empty_ids().empty());
  EXPECT_EQ(c.instances_of(0), 1);
  EXPECT_EQ(c.index_of(1), 0u);
  EXPECT_EQ(c.index_of(2), c.instance_count());  // gone
  EXPECT_NE(c.members_version(), v1);
  c.clear_gone();
  EXPECT_TRUE(c.gone_ids().empty());
}

TEST(Cluster, TerminateAtKeepsTheOthersInOrder) {
  auto c = small();
  for (int n = 0; n < 5; ++n) c.add_instance(0);  // ids 1..5, empty
  c.terminate_at({1, 3});                         // ids 2 and 4
  ASSERT_EQ(c.instance_count(), 3u);
  EXPECT_EQ(c.instance_id(0), 1u);
  EXPECT_EQ(c.instance_id(1), 3u);
  EXPECT_EQ(c.instance_id(2), 5u);
  EXPECT_EQ(c.index_of(5), 2u);
  EXPECT_EQ(c.empty_ids(), (std::vector<std::uint64_t>{1, 3, 5}));
  EXPECT_EQ(c.gone_ids(), (std::vector<std::uint64_t>{2, 4}));
}

TEST(Cluster, LargeClustersBinpackAndRemoveByIndexInTheScansOrder) {
  // 40 empty instances of A (4 CPU, 8 GB): above index_from, so the indexes are used.
  auto c = small();
  for (int k = 0; k < 40; ++k) c.add_instance(0);
  ASSERT_GE(c.instance_count(), cluster<2>::index_from);
  // 6 × s0 (1, 2): all have 8 GB left, the lowest id first → id 1 takes 4 (min(4/1, 8/2)),
  // id 2 takes 2.
  EXPECT_EQ(c.place(0, 6, placement_policy::binpack_memory), 6);
  EXPECT_EQ(c.tasks(0, 0), 4);
  EXPECT_EQ(c.tasks(1, 0), 2);
  // 1 × s1 (2 CPU, 1 GB): id 1 is full on CPU; id 2 has (2, 4) left, the least memory among
  // those it fits (the empty ones have 8) → id 2.
  EXPECT_EQ(c.place(1, 1, placement_policy::binpack_memory), 1);
  EXPECT_EQ(c.tasks(1, 1), 1);
  // binpack_cpu for 1 × s0: id 2 has 0 CPU left (2 + 2 used), id 1 0: the empties (4 CPU),
  // lowest id → id 3.
  EXPECT_EQ(c.place(0, 1, placement_policy::binpack_cpu), 1);
  EXPECT_EQ(c.tasks(2, 0), 1);
  // Least utilised first, 3 × s0: id 3 is 25 % used (1/4 CPU, 2/8 GB), id 2 100 % (CPU),
  // id 1 100 % → id 3's one task, then id 1 and id 2 tie at 100 %: the lower index (id 1).
  EXPECT_EQ(c.remove(0, 3, removal_policy::least_utilised_first), 3);
  EXPECT_EQ(c.tasks(2, 0), 0);
  EXPECT_EQ(c.tasks(0, 0), 2);
  EXPECT_EQ(c.tasks(1, 0), 2);
}

// A reference of the scans (the order the indexes must reproduce): binpack on memory picks,
// task by task, the instance with the least memory left that fits (ties: the lowest index);
// least utilised first removes from the instance with the lowest utilisation (ties: index).
struct reference_cluster {
  std::vector<r2> left;
  std::vector<std::array<std::int64_t, 2>> n;
  static constexpr r2 cap{4, 8}, shape[2] = {r2{1, 2}, r2{2, 1}};
  static bool fit(const r2& w, const r2& r) { return w[0] <= r[0] && w[1] <= r[1]; }
  double use(std::size_t i) const {
    return std::max(double(cap[0] - left[i][0]) / double(cap[0]), double(cap[1] - left[i][1]) / double(cap[1]));
  }
  void place(int s, std::int64_t k) {
    for (; k > 0; --k) {
      std::size_t best = left.size();
      for (std::size_t i = 0; i < left.size(); ++i)
        if (fit(shape[s], left[i]) && (best == left.size() || left[i][1] < left[best][1])) best = i;
      if (best == left.size()) {
        left.push_back(cap);
        n.push_back({0, 0});
      }
      left[best][0] -= shape[s][0];
      left[best][1] -= shape[s][1];
      ++n[best][s];
    }
  }
  void remove(int s, std::int64_t k) {
    for (; k > 0; --k) {
      std::size_t best = left.size();
      for (std::size_t i = 0; i < left.size(); ++i)
        if (n[i][s] > 0 && (best == left.size() || use(i) < use(best))) best = i;
      if (best == left.size()) return;
      left[best][0] += shape[s][0];
      left[best][1] += shape[s][1];
      --n[best][s];
    }
  }
  void drop_empty() {
    for (std::size_t i = left.size(); i-- > 0;)
      if (n[i][0] + n[i][1] == 0) {
        left.erase(left.begin() + std::ptrdiff_t(i));
        n.erase(n.begin() + std::ptrdiff_t(i));
      }
  }
};

TEST(Cluster, IndexedPlacementAndRemovalMatchTheScanTaskByTask) {
  // Task by task is the definition (ECS places one task at a time); the cluster places and
  // removes in bulk, from its indexes once it has 32 instances. 2 000 random operations.
  auto c = small();
  reference_cluster ref;
  test::xorshift g{0x9e3779b97f4a7c15ULL};
  for (int op = 0; op < 2000; ++op) {
    const int s = int(g.in(0, 1));
    const std::int64_t k = g.in(1, 40);
    const std::int64_t what = g.in(0, 9);
    if (what < 5) {
      ASSERT_EQ(c.place(std::uint32_t(s), k, placement_policy::binpack_memory, {type_policy::fixed, 0}), k);
      ref.place(s, k);
    } else if (what < 9) {
      const std::int64_t have = c.tasks_of(std::uint32_t(s));
      ASSERT_EQ(c.remove(std::uint32_t(s), k, removal_policy::least_utilised_first), std::min(k, have));
      ref.remove(s, k);
    } else {
      c.terminate_empty();
      ref.drop_empty();
    }
    ASSERT_EQ(c.instance_count(), ref.left.size()) << "op " << op;
    for (std::size_t i = 0; i < ref.left.size(); ++i) {
      ASSERT_EQ(c.tasks(i, 0), ref.n[i][0]) << "op " << op << " instance " << i;
      ASSERT_EQ(c.tasks(i, 1), ref.n[i][1]) << "op " << op << " instance " << i;
    }
    std::vector<std::uint64_t> empty;
    for (std::size_t i = 0; i < c.instance_count(); ++i)
      if (c.empty_instance(i)) empty.push_back(c.instance_id(i));
    ASSERT_EQ(c.empty_ids(), empty) << "op " << op;
  }
  EXPECT_GE(c.next_instance_id(), 40u);  // the fleet grew past the indexes' threshold
}

}  // namespace
}  // namespace fleetcast::packing
