// Packing heuristics: every fast path against the naive per-item oracle on random instances,
// hand-checked small cases, capacity never exceeded, every item placed that fits some type.
#include <gtest/gtest.h>

#include <map>
#include <numeric>

#include "xorshift.hpp"
#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/reference.hpp"

namespace fleetcast::packing {
namespace {

using r2 = resources<2>;

using rng = test::xorshift;

problem<2> random_problem(std::uint64_t seed, int shapes, int max_count, int types) {
  rng g{seed * 2654435761u + 1};
  problem<2> p;
  for (int t = 0; t < types; ++t)
    p.bin_types.push_back({"t" + std::to_string(t), {g.in(500, 4000), g.in(500, 16000)},
                           double(g.in(10, 100)) / 100.0, 0.0});
  for (int s = 0; s < shapes; ++s) p.add({g.in(1, 2000), g.in(1, 9000)}, g.in(1, max_count));
  return p;
}

// Canonical form of a packing: per bin, its type and shape counts.
std::vector<std::pair<std::uint32_t, std::map<std::uint32_t, std::int64_t>>> canon(const pack_result<2>& r) {
  std::vector<std::pair<std::uint32_t, std::map<std::uint32_t, std::int64_t>>> v;
  for (const auto& b : r.bins) {
    std::map<std::uint32_t, std::int64_t> m;
    for (auto [s, n] : b.items) m[s] += n;
    v.emplace_back(b.type, m);
  }
  return v;
}

void check_valid(const problem<2>& p, const pack_result<2>& r) {
  std::vector<std::int64_t> placed(p.shapes.size(), 0);
  for (const auto& b : r.bins) {
    r2 load{};
    for (auto [s, n] : b.items) {
      add_to<2>(load, p.shapes[s], n);
      placed[s] += n;
    }
    EXPECT_EQ(load, b.load);
    EXPECT_TRUE(fits<2>(load, p.bin_types[b.type].capacity)) << r.heuristic;
    EXPECT_FALSE(b.items.empty()) << r.heuristic << ": empty bin";
  }
  for (std::size_t s = 0; s < p.shapes.size(); ++s) {
    EXPECT_EQ(placed[s] + r.unplaced[s], p.counts[s]) << r.heuristic;
    bool fits_some = false;
    for (const auto& t : p.bin_types) fits_some = fits_some || fits<2>(p.shapes[s], t.capacity);
    if (fits_some) {
      EXPECT_EQ(r.unplaced[s], 0) << r.heuristic << " left shape " << s;
    }
  }
}

TEST(Packing, FastFirstFitEqualsNaiveOracle) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const problem<2> p = random_problem(seed, 1 + int(seed % 20), seed % 3 == 0 ? 1 : 40, 1 + int(seed % 3));
    for (auto policy : {type_policy::fixed, type_policy::cheapest, type_policy::karpenter}) {
      const type_choice c{policy, 0};
      const auto fast = pack_by_name<2>("first_fit", p, c);
      const auto slow = naive_first_fit<2>(p, c);
      ASSERT_EQ(canon(fast), canon(slow)) << "seed " << seed;
      EXPECT_EQ(fast.unplaced, slow.unplaced);
      for (auto m : {size_measure::cpu, size_measure::memory, size_measure::sum, size_measure::max,
                     size_measure::product, size_measure::l2}) {
        const auto f = pack_by_name<2>("ffd_" + std::string(to_string(m)), p, c);
        ASSERT_EQ(canon(f), canon(naive_first_fit<2>(p, c, m))) << "seed " << seed << " " << to_string(m);
      }
    }
  }
}

TEST(Packing, BestWorstAndBinpackEqualTheirNaiveOracles) {
  // Up to 64 shapes the fast paths use per-shape candidate sets, above it one ordered set;
  // both must give the one-item-at-a-time assignment.
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const int shapes = seed % 2 ? 1 + int(seed % 20) : 65 + int(seed % 20);
    const problem<2> p = random_problem(seed, shapes, seed % 3 == 0 ? 1 : 12, 1 + int(seed % 3));
    const type_choice c{type_policy::cheapest, 0};
    ASSERT_EQ(canon(pack_by_name<2>("best_fit", p, c)), canon(naive_keyed_fit<2>(p, c, fit_rule::best)))
        << "seed " << seed;
    ASSERT_EQ(canon(pack_by_name<2>("worst_fit", p, c)), canon(naive_keyed_fit<2>(p, c, fit_rule::worst)))
        << "seed " << seed;
    ASSERT_EQ(canon(pack_by_name<2>("bfd_l2", p, c)),
              canon(naive_keyed_fit<2>(p, c, fit_rule::best, size_measure::l2)))
        << "seed " << seed;
    ASSERT_EQ(canon(pack_by_name<2>("wfd_max", p, c)),
              canon(naive_keyed_fit<2>(p, c, fit_rule::worst, size_measure::max)))
        << "seed " << seed;
    ASSERT_EQ(canon(pack_by_name<2>("binpack:memory", p, c)),
              canon(naive_keyed_fit<2>(p, c, fit_rule::best, std::nullopt, std::size_t{1})))
        << "seed " << seed;
  }
}

TEST(Packing, SpreadEqualsItsNaiveOracleWithFewAndManyShapes) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const int shapes = seed % 2 ? 1 + int(seed % 20) : 65 + int(seed % 20);
    const problem<2> p = random_problem(seed, shapes, seed % 3 == 0 ? 1 : 12, 1 + int(seed % 3));
    const type_choice c{type_policy::cheapest, 0};
    ASSERT_EQ(canon(pack_by_name<2>("spread", p, c)), canon(naive_spread<2>(p, c))) << "seed " << seed;
  }
}

TEST(Packing, FastFirstFitEqualsNaiveOracleWithManyShapes) {
  // More than 64 shapes and enough bins to turn on the class trees (dimension-1 classes).
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const problem<2> p = random_problem(1000 + seed, 150 + int(seed * 7 % 300), 4 + int(seed % 4), 1 + int(seed % 3));
    for (auto policy : {type_policy::fixed, type_policy::cheapest}) {
      const type_choice c{policy, 0};
      const auto fast = pack_by_name<2>("first_fit", p, c);
      ASSERT_GT(fast.bins_used(), 48) << "the test must exercise the trees";
      ASSERT_EQ(canon(fast), canon(naive_first_fit<2>(p, c))) << "seed " << seed;
      for (auto m : {size_measure::sum, size_measure::product, size_measure::cpu})
        ASSERT_EQ(canon(pack_by_name<2>("ffd_" + std::string(to_string(m)), p, c)),
                  canon(naive_first_fit<2>(p, c, m)))
            << "seed " << seed << " " << to_string(m);
    }
  }
}

TEST(Packing, FastFirstFitEqualsNaiveOracleWithClassTrees) {
  // Past 4096 bins First Fit over many shapes switches to 64 class trees.
  const problem<2> p = random_problem(77, 400, 250, 1);
  const type_choice c{type_policy::fixed, 0};
  const auto fast = pack_by_name<2>("first_fit", p, c);
  ASSERT_GT(fast.bins_used(), 4096) << "the test must exercise the class trees";
  ASSERT_EQ(canon(fast), canon(naive_first_fit<2>(p, c)));
  ASSERT_EQ(canon(pack_by_name<2>("ffd_sum", p, c)), canon(naive_first_fit<2>(p, c, size_measure::sum)));
}

TEST(Packing, EveryHeuristicIsValidAndPlacesWhatFits) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    // Some with more than 64 shapes, where best/worst fit, spread and random change paths.
    problem<2> p = random_problem(seed, seed % 4 == 0 ? 70 : 1 + int(seed % 12), 25, 1 + int(seed % 4));
    p.add({5000, 100}, 3);  // larger than every type in CPU: must stay unplaced
    for (auto policy : {type_policy::cheapest, type_policy::karpenter, type_policy::least_waste,
                        type_policy::price}) {
      for (const auto& h : heuristic_names()) {
        const auto r = pack_by_name<2>(h, p, {policy, 0}, seed);
        check_valid(p, r);
        EXPECT_EQ(r.unplaced.back(), 3);
        EXPECT_EQ(r.status, pack_status::unplaced_items);
      }
    }
  }
}

// One dimension, capacity 10, items 6,6,5,5,4,4 in that order (hand-worked):
//  next fit:  [6] [6] [5,5] [4,4]   → 4 bins (a 4 cannot go back to the 6-bins)
//  first fit: [6,4] [6,4] [5,5]     → 3 bins
//  best fit:  the same              → 3 bins
//  worst fit: the 5s open [5,5]; each 4 goes to the roomiest bin (room 4, lowest index first)
//             → [6,4] [6,4] [5,5]   → 3 bins
TEST(Packing, HandWorkedOneDimensionalCase) {
  problem<1> p;
  p.bin_types.push_back({"b", {10}, 1.0, 0.0});
  for (std::int64_t w : {6, 5, 4}) p.add({w}, 2);
  const type_choice c{type_policy::fixed, 0};
  EXPECT_EQ(pack_by_name<1>("next_fit", p, c).bins_used(), 4);
  EXPECT_EQ(pack_by_name<1>("first_fit", p, c).bins_used(), 3);
  EXPECT_EQ(pack_by_name<1>("best_fit", p, c).bins_used(), 3);
  EXPECT_EQ(pack_by_name<1>("worst_fit", p, c).bins_used(), 3);
  EXPECT_DOUBLE_EQ(pack_by_name<1>("first_fit", p, c).cost_per_hour, 3.0);
}

// Best fit picks the fullest bin that fits; worst fit the emptiest (1-D, capacity 10):
// items 7, 5, then 3. After [7] [5]: best fit puts 3 with 7 (room 3), worst fit with 5 (room 5).
TEST(Packing, BestAndWorstFitChooseDifferentBins) {
  problem<1> p;
  p.bin_types.push_back({"b", {10}, 1.0, 0.0});
  p.add({7});
  p.add({5});
  p.add({3});
  const type_choice c{type_policy::fixed, 0};
  const auto best = pack_by_name<1>("best_fit", p, c);
  ASSERT_EQ(best.bins.size(), 2u);
  EXPECT_EQ(best.bins[0].load[0], 10);
  const auto worst = pack_by_name<1>("worst_fit", p, c);
  ASSERT_EQ(worst.bins.size(), 2u);
  EXPECT_EQ(worst.bins[1].load[0], 8);
}

TEST(Packing, EcsBinpackUsesTheNamedDimension) {
  // Two open instances after the first two tasks: A (cpu room 100, mem room 900) and
  // B (cpu room 800, mem room 100); a task (50, 50) goes to A under binpack:cpu (least CPU
  // left), to B under binpack:memory (least memory left).
  problem<2> p;
  p.bin_types.push_back({"b", {1000, 1000}, 1.0, 0.0});
  p.add({900, 100});
  p.add({200, 900});
  p.add({50, 50});
  const type_choice c{type_policy::fixed, 0};
  EXPECT_EQ(pack_by_name<2>("binpack:cpu", p, c).bins[0].items.size(), 2u);
  EXPECT_EQ(pack_by_name<2>("binpack:memory", p, c).bins[1].items.size(), 2u);
}

TEST(Packing, SpreadBalancesTasksAndRandomIsSeeded) {
  problem<2> p;
  p.bin_types.push_back({"b", {1000, 1000}, 1.0, 0.0});
  p.add({600, 600}, 2);  // two instances
  p.add({10, 10}, 10);   // spread: 5 + 5, alternating from the first instance
  const type_choice c{type_policy::fixed, 0};
  const auto r = pack_by_name<2>("spread", p, c);
  ASSERT_EQ(r.bins.size(), 2u);
  EXPECT_EQ(r.bins[0].load, (r2{650, 650}));
  EXPECT_EQ(r.bins[1].load, (r2{650, 650}));
  const auto a = pack_by_name<2>("random", p, c, 7), b = pack_by_name<2>("random", p, c, 7);
  EXPECT_EQ(canon(a), canon(b));
}

TEST(Packing, TypeChoiceOverHeterogeneousTypes) {
  // CPU-heavy items (1000 cpu, 500 mem) × 8. Types: c (2000, 4000) $1, m (2000, 8000) $1.2,
  // big (8000, 32000) $3.9. cheapest: c. karpenter: items per dollar c 2/1 = 2, m 2/1.2, big
  // 8/3.9 = 2.05 → big. least-waste: idle CPU 0 for all; idle memory c 75%, m 87.5%, big 87.5%
  // → c. price: cost per held resource (normalised by the largest capacity 8000/32000):
  // c 1/(2000/8000+1000/32000) = 3.56, big 3.9/(1+0.125) = 3.47 → big.
  problem<2> p;
  p.bin_types = {{"c", {2000, 4000}, 1.0, 0.0}, {"m", {2000, 8000}, 1.2, 0.0}, {"big", {8000, 32000}, 3.9, 0.0}};
  p.add({1000, 500}, 8);
  auto first_type = [&](type_policy tp) { return pack_by_name<2>("first_fit", p, {tp, 0}).bins[0].type; };
  EXPECT_EQ(first_type(type_policy::cheapest), 0u);
  EXPECT_EQ(first_type(type_policy::karpenter), 2u);
  EXPECT_EQ(first_type(type_policy::least_waste), 0u);
  EXPECT_EQ(first_type(type_policy::price), 2u);
  EXPECT_EQ(first_type(type_policy::fixed), 0u);
}

TEST(Packing, StatusesForNothingToPackInto) {
  problem<2> p;
  p.add({1, 1}, 4);
  const auto r = pack_by_name<2>("first_fit", p, {});
  EXPECT_EQ(r.status, pack_status::no_bin_types);
  EXPECT_EQ(r.unplaced_count(), 4);
  problem<2> empty;
  empty.bin_types.push_back({"b", {1, 1}, 1.0, 0.0});
  EXPECT_EQ(pack_by_name<2>("dot_product", empty, {}).status, pack_status::ok);
  EXPECT_THROW((void)pack_by_name<2>("magic_fit", p, {}), input_error);
}

}  // namespace
}  // namespace fleetcast::packing
