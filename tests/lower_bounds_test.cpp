// Lower bounds: every expected value is a hand calculation (in the comment), a closed form, a
// brute-force optimum computed here, or a published optimum from /work/shared/data/binpacking.

#include "fleetcast/packing/lower_bounds.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace fp = fleetcast::packing;
using fp::resources;
using i64 = std::int64_t;

namespace {

// ---------------------------------------------------------------- test-only helpers

/// splitmix64 (Steele, Lea, Flood 2014): a fixed, portable stream for reproducible instances.
struct splitmix {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  i64 between(i64 lo, i64 hi) { return lo + i64(next() % std::uint64_t(hi - lo + 1)); }
  double unit() { return double(next() >> 11) * 0x1.0p-53; }
};

/// Expands shapes with counts into single items.
template <std::size_t D>
std::vector<resources<D>> expand(const std::vector<resources<D>>& sizes,
                                 const std::vector<i64>& counts) {
  std::vector<resources<D>> items;
  for (std::size_t s = 0; s < sizes.size(); ++s)
    for (i64 c = 0; c < counts[s]; ++c) items.push_back(sizes[s]);
  return items;
}

/// Exact minimum number of identical bins: every item goes into each open bin it fits or a new
/// one (all set partitions, Bell(8) = 4140 at most). Pre: each item fits an empty bin.
template <std::size_t D>
i64 brute_force_bins(const std::vector<resources<D>>& items, const resources<D>& cap) {
  i64 best = i64(items.size());
  std::vector<resources<D>> loads;
  std::function<void(std::size_t)> go = [&](std::size_t i) {
    if (i64(loads.size()) >= best) return;
    if (i == items.size()) {
      best = i64(loads.size());
      return;
    }
    for (std::size_t b = 0; b < loads.size(); ++b) {  // by index: go() grows `loads`
      fp::add_to(loads[b], items[i]);
      if (fp::fits(loads[b], cap)) go(i + 1);
      fp::subtract_from(loads[b], items[i]);
    }
    loads.push_back(items[i]);
    go(i + 1);
    loads.pop_back();
  };
  go(0);
  return best;
}

/// Exact cheapest heterogeneous packing: every set partition of the items, each block on the
/// cheapest type that holds its sum and that `can_hold` allows for every item in it.
/// Returns nullopt if no packing exists.
template <std::size_t D>
std::optional<double> brute_force_cost(const std::vector<resources<D>>& items,
                                       const std::vector<std::size_t>& shape_of,
                                       const std::vector<resources<D>>& caps,
                                       const std::vector<double>& costs,
                                       const std::function<bool(std::size_t, std::size_t)>& ok) {
  std::optional<double> best;
  std::vector<std::vector<std::size_t>> blocks;
  std::function<void(std::size_t)> go = [&](std::size_t i) {
    if (i == items.size()) {
      double total = 0.0;
      for (const auto& b : blocks) {
        resources<D> load{};
        for (auto j : b) fp::add_to(load, items[j]);
        double cheapest = std::numeric_limits<double>::infinity();
        for (std::size_t t = 0; t < caps.size(); ++t) {
          bool allowed = fp::fits(load, caps[t]);
          for (auto j : b) allowed = allowed && ok(shape_of[j], t);
          if (allowed) cheapest = std::min(cheapest, costs[t]);
        }
        total += cheapest;
      }
      if (std::isfinite(total) && (!best || total < *best)) best = total;
      return;
    }
    for (std::size_t b = 0; b < blocks.size(); ++b) {  // by index: go() grows `blocks`
      blocks[b].push_back(i);
      go(i + 1);
      blocks[b].pop_back();
    }
    blocks.push_back({i});
    go(i + 1);
    blocks.pop_back();
  };
  go(0);
  return best;
}

/// Exact LP optimum min p·y s.t. Σ_t caps[t][k]·y_t >= w[k], y >= 0, by enumerating vertices:
/// for every m <= D, every m types and m tight dimensions, solve the m×m system (Gaussian
/// elimination, partial pivoting) and keep the cheapest feasible solution. nullopt: infeasible.
std::optional<double> brute_force_lp(const std::vector<std::vector<double>>& caps,
                                     const std::vector<double>& p, const std::vector<double>& w) {
  const std::size_t n = caps.size(), d = w.size();
  std::optional<double> best;
  auto feasible = [&](const std::vector<double>& y) {
    for (std::size_t k = 0; k < d; ++k) {
      double lhs = 0.0;
      for (std::size_t t = 0; t < n; ++t) lhs += caps[t][k] * y[t];
      if (lhs < w[k] * (1.0 - 1e-10) - 1e-12) return false;
    }
    return true;
  };
  auto consider = [&](const std::vector<double>& y) {
    for (double v : y)
      if (v < -1e-12) return;
    if (!feasible(y)) return;
    double c = 0.0;
    for (std::size_t t = 0; t < n; ++t) c += p[t] * y[t];
    if (!best || c < *best) best = c;
  };
  consider(std::vector<double>(n, 0.0));
  std::vector<std::size_t> types, dims;
  std::function<void(std::size_t, std::size_t)> pick_dims;
  std::function<void(std::size_t, std::size_t)> pick_types = [&](std::size_t from, std::size_t m) {
    if (types.size() == m) return pick_dims(0, m);
    for (std::size_t t = from; t < n; ++t) {
      types.push_back(t);
      pick_types(t + 1, m);
      types.pop_back();
    }
  };
  pick_dims = [&](std::size_t from, std::size_t m) {
    if (dims.size() == m) {
      // rows: dims[i]; columns: types[j]; augmented with w.
      std::vector<std::vector<double>> a(m, std::vector<double>(m + 1));
      for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = 0; j < m; ++j) a[i][j] = caps[types[j]][dims[i]];
        a[i][m] = w[dims[i]];
      }
      for (std::size_t c = 0; c < m; ++c) {
        std::size_t piv = c;
        for (std::size_t r = c + 1; r < m; ++r)
          if (std::abs(a[r][c]) > std::abs(a[piv][c])) piv = r;
        if (std::abs(a[piv][c]) < 1e-12) return;  // singular: not a vertex
        std::swap(a[c], a[piv]);
        for (std::size_t r = 0; r < m; ++r) {
          if (r == c) continue;
          const double f = a[r][c] / a[c][c];
          for (std::size_t j = c; j <= m; ++j) a[r][j] -= f * a[c][j];
        }
      }
      std::vector<double> y(n, 0.0);
      for (std::size_t j = 0; j < m; ++j) y[types[j]] = a[j][m] / a[j][j];
      return consider(y);
    }
    for (std::size_t k = from; k < d; ++k) {
      dims.push_back(k);
      pick_dims(k + 1, m);
      dims.pop_back();
    }
  };
  for (std::size_t m = 1; m <= std::min(n, d); ++m) pick_types(0, m);
  return best;
}

// ---------------------------------------------------------------- tiny instance readers

/// One benchmark instance: capacity and item shapes with counts, any dimension count.
struct instance {
  std::vector<i64> capacity;
  std::vector<std::vector<i64>> sizes;
  std::vector<i64> counts;
  bool negative = false;  ///< some size < 0: outside the format (and the bounds' precondition)
};

/// BPP (`*.txt`: n, C, n weights) or VBP (`*.vbp`: d, C_1..C_d, m, m lines of d sizes + q).
instance read_instance(const std::filesystem::path& file) {
  std::ifstream in(file);
  instance r;
  if (file.extension() == ".vbp") {
    std::size_t d = 0, m = 0;
    in >> d;
    r.capacity.resize(d);
    for (auto& c : r.capacity) in >> c;
    in >> m;
    for (std::size_t i = 0; i < m; ++i) {
      std::vector<i64> s(d);
      for (auto& x : s) in >> x;
      i64 q = 0;
      in >> q;
      r.sizes.push_back(s);
      r.counts.push_back(q);
    }
  } else {
    std::size_t n = 0;
    i64 c = 0;
    in >> n >> c;
    r.capacity = {c};
    for (std::size_t i = 0; i < n; ++i) {
      i64 w = 0;
      in >> w;
      r.sizes.push_back({w});
      r.counts.push_back(1);
    }
  }
  if (!in) ADD_FAILURE() << "cannot read " << file;
  for (const auto& sz : r.sizes)
    for (i64 x : sz) r.negative = r.negative || x < 0;
  return r;
}

/// One line of optima.csv (columns: family,instance,capacity,dims,items,optimum,source,lb,...).
struct optimum_row {
  std::string family, name, file;
  std::size_t dims = 0;
  i64 items = 0, lb = 0;
  std::optional<i64> optimum;
};

std::vector<optimum_row> read_optima(const std::filesystem::path& csv) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  std::vector<optimum_row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    if (f.size() < 10) continue;
    optimum_row r{f[0], f[1], f[9], std::stoul(f[3]), std::stoll(f[4]), std::stoll(f[7]), {}};
    if (!f[5].empty()) r.optimum = std::stoll(f[5]);
    rows.push_back(r);
  }
  return rows;
}

const std::filesystem::path data_dir =
    std::filesystem::path(FLEETCAST_SHARED_DATA_DIR) / "binpacking";

#define SKIP_WITHOUT_DATA()                                  \
  if (!std::filesystem::is_directory(data_dir))              \
  GTEST_SKIP() << "benchmark data not found at " << data_dir \
               << " (the shared data folder is absent); skipping the published-optimum checks"

/// projection_bound<D> of an instance with d <= D dimensions; the unused dimensions get
/// capacity 0 and size 0, which the bounds ignore.
template <std::size_t D>
i64 projection_of(const instance& in) {
  resources<D> cap{};
  for (std::size_t k = 0; k < in.capacity.size(); ++k) cap[k] = in.capacity[k];
  std::vector<resources<D>> sizes;
  for (const auto& s : in.sizes) {
    resources<D> r{};
    for (std::size_t k = 0; k < s.size(); ++k) r[k] = s[k];
    sizes.push_back(r);
  }
  return fp::projection_bound<D>(sizes, in.counts, cap);
}

}  // namespace

// ---------------------------------------------------------------- volume bound (L1)

TEST(LowerBoundVolume, HandCalculation) {
  // Σ cpu = 3·2 + 2·5 = 16 -> ⌈16/8⌉ = 2;  Σ mem = 3·3 + 2·1 = 11 -> ⌈11/4⌉ = 3;  max = 3.
  const std::vector<resources<2>> sizes{{2, 3}, {5, 1}};
  const std::vector<i64> counts{3, 2};
  EXPECT_EQ(fp::volume_bound(sizes, counts, resources<2>{8, 4}), 3);
  // Exact multiples do not round up: 4·4 = 16 = 2·8, and 4·1 = 4 <= 8 -> 2.
  EXPECT_EQ(fp::volume_bound<2>(std::vector<resources<2>>{{4, 1}}, std::vector<i64>{4}, {8, 8}), 2);
}

TEST(LowerBoundVolume, ZeroCapacityWithoutDemandIsIgnoredAndEmptyIsZero) {
  // The hand case above with a third dimension of capacity 0 and no demand: still 3.
  const std::vector<resources<3>> sizes{{2, 3, 0}, {5, 1, 0}};
  EXPECT_EQ(fp::volume_bound(sizes, std::vector<i64>{3, 2}, resources<3>{8, 4, 0}), 3);
  EXPECT_EQ(fp::volume_bound<2>({}, {}, {8, 4}), 0);  // no items, no bins
  // Shapes with count 0 contribute nothing.
  EXPECT_EQ(fp::volume_bound(sizes, std::vector<i64>{0, 0}, resources<3>{8, 4, 0}), 0);
}

TEST(LowerBoundVolume, IsAConstantExpression) {
  // ⌈(2·3 + 1·5) / 4⌉ = ⌈11/4⌉ = 3, evaluated by the compiler.
  static constexpr std::array<resources<1>, 2> sizes{{{3}, {5}}};
  static constexpr std::array<i64, 2> counts{2, 1};
  static_assert(fp::volume_bound<1>(sizes, counts, {4}) == 3);
  SUCCEED();
}

// ---------------------------------------------------------------- Martello–Toth L2

TEST(LowerBoundL2, ThresholdAboveZeroBeatsL1) {
  // C = 10, items 8,8,3,3,3,3.  L1 = ⌈28/10⌉ = 3.  K = 3: J1 = {w > 7} = {8,8} (their bins
  // have 2 < K left), J2 = {}, J3 = {3 <= w <= 5} = four 3s, Σ = 12 -> 2 + ⌈12/10⌉ = 4.
  // Optimum 4: an 8 fits with no 3 (11 > 10) and four 3s need two bins (12 > 10).
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{8, 3}, std::vector<i64>{2, 4}, 10), 4);
  // The same items, unsorted and with repeated shapes.
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{3, 8, 3, 8}, std::vector<i64>{1, 1, 3, 1}, 10),
            4);
  EXPECT_EQ(fp::volume_bound<1>(std::vector<resources<1>>{{8}, {3}}, std::vector<i64>{2, 4}, {10}),
            3);
}

TEST(LowerBoundL2, BigItemsCountOneBinEach) {
  // C = 10, five items of 6: any two exceed 10, so 5 bins (K = 0: |J2| = 5); L1 = ⌈30/10⌉ = 3.
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{6}, std::vector<i64>{5}, 10), 5);
}

TEST(LowerBoundL2, HalfCapacityItemsAreSmall) {
  // w = C/2 belongs to J3, not J2: C = 8, three 4s -> ⌈12/8⌉ = 2 = optimum ({4,4},{4}).
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{4}, std::vector<i64>{3}, 8), 2);
  // Odd C: C = 9, three 4s (2·4 = 8 <= 9, so small) -> ⌈12/9⌉ = 2 = optimum.
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{4}, std::vector<i64>{3}, 9), 2);
  // ... while 5 > 9/2 is big: three 5s -> 3 bins.
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{5}, std::vector<i64>{3}, 9), 3);
}

TEST(LowerBoundL2, DegenerateInputs) {
  EXPECT_EQ(fp::martello_toth_l2({}, {}, 10), 0);                                     // no items
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{0}, std::vector<i64>{4}, 10), 0);   // weightless
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{0}, std::vector<i64>{4}, 0), 0);    // ignored dim
  EXPECT_EQ(fp::martello_toth_l2(std::vector<i64>{10}, std::vector<i64>{3}, 10), 3);  // full bins
}

TEST(LowerBoundL2, NeverExceedsBruteForceOptimum) {
  // 3000 random 1-D instances of <= 8 items against the exhaustive optimum.
  splitmix rng{20240601};
  int l2_above_l1 = 0, l2_is_optimal = 0;
  for (int rep = 0; rep < 3000; ++rep) {
    const i64 c = rng.between(4, 20);
    std::vector<resources<1>> sizes;
    std::vector<i64> counts;
    for (i64 s = rng.between(1, 4), left = 8; s > 0 && left > 0; --s) {
      const i64 q = rng.between(1, std::min<i64>(left, 3));
      sizes.push_back({rng.between(1, c)});
      counts.push_back(q);
      left -= q;
    }
    std::vector<i64> w;
    for (auto& s : sizes) w.push_back(s[0]);
    const i64 l1 = fp::volume_bound<1>(sizes, counts, {c});
    const i64 l2 = fp::martello_toth_l2(w, counts, c);
    const i64 opt = brute_force_bins<1>(expand(sizes, counts), {c});
    ASSERT_LE(l1, l2) << "rep " << rep;
    ASSERT_LE(l2, opt) << "rep " << rep;
    ASSERT_EQ(fp::projection_bound<1>(sizes, counts, {c}), l2) << "rep " << rep;
    l2_above_l1 += l2 > l1;
    l2_is_optimal += l2 == opt;
  }
  EXPECT_GT(l2_above_l1, 100);  // the test exercises L2's thresholds, not only L1
  EXPECT_GT(l2_is_optimal, 2000);
}

// ---------------------------------------------------------------- projection bound

TEST(LowerBoundProjection, HandCalculation) {
  // Capacity (10, 100). CPU: 8,8,3,3,3,3 -> L2 = 4 (as above). Memory: six items of 40:
  // any three exceed 100, so ⌈6/2⌉ = 3 bins; L2 there: K = 0, ⌈240/100⌉ = 3. Max = 4.
  const std::vector<resources<2>> sizes{{8, 40}, {3, 40}};
  const std::vector<i64> counts{2, 4};
  EXPECT_EQ(fp::volume_bound(sizes, counts, resources<2>{10, 100}), 3);  // ⌈28/10⌉, ⌈240/100⌉
  EXPECT_EQ(fp::projection_bound(sizes, counts, resources<2>{10, 100}), 4);
  // Swapping the dimensions swaps nothing in the result.
  const std::vector<resources<2>> swapped{{40, 8}, {40, 3}};
  EXPECT_EQ(fp::projection_bound(swapped, counts, resources<2>{100, 10}), 4);
}

TEST(LowerBoundProjection, NeverExceedsBruteForceOptimumIn2D) {
  splitmix rng{77};
  for (int rep = 0; rep < 1500; ++rep) {
    const resources<2> cap{rng.between(4, 16), rng.between(4, 16)};
    std::vector<resources<2>> sizes;
    std::vector<i64> counts;
    for (i64 s = rng.between(1, 5), left = 8; s > 0 && left > 0; --s) {
      const i64 q = rng.between(1, std::min<i64>(left, 3));
      sizes.push_back({rng.between(0, cap[0]), rng.between(0, cap[1])});
      counts.push_back(q);
      left -= q;
    }
    const i64 lb = fp::projection_bound(sizes, counts, cap);
    ASSERT_LE(lb, brute_force_bins(expand(sizes, counts), cap)) << "rep " << rep;
    ASSERT_GE(lb, fp::volume_bound(sizes, counts, cap));
  }
}

// ---------------------------------------------------------------- published optima

TEST(LowerBoundBenchmark, FalkenauerTripletsMeetTheOptimum) {
  SKIP_WITHOUT_DATA();
  // Falkenauer's "t" instances: every optimal bin holds three items filling it exactly, so
  // OPT = n/3 (Falkenauer 1996; optima.csv) and L1 = Σw/C = n/3 already reaches it.
  int checked = 0;
  for (const auto& row : read_optima(data_dir / "optima.csv")) {
    if (row.family != "falkenauer_t") continue;
    ASSERT_TRUE(row.optimum) << row.name;
    ASSERT_EQ(*row.optimum, row.items / 3) << row.name;
    EXPECT_EQ(projection_of<1>(read_instance(data_dir / row.file)), *row.optimum) << row.name;
    ++checked;
  }
  EXPECT_EQ(checked, 80);
}

TEST(LowerBoundBenchmark, OneDimensionalFamiliesNeverExceedTheOptimum) {
  SKIP_WITHOUT_DATA();
  int checked = 0;
  for (const auto& row : read_optima(data_dir / "optima.csv")) {
    if (row.dims != 1 || !row.optimum) continue;
    const auto in = read_instance(data_dir / row.file);
    std::vector<i64> w;
    for (const auto& s : in.sizes) w.push_back(s[0]);
    const i64 l2 = fp::martello_toth_l2(w, in.counts, in.capacity[0]);
    ASSERT_LE(l2, *row.optimum) << row.file;
    ASSERT_EQ(projection_of<1>(in), l2) << row.file;
    ++checked;
  }
  EXPECT_EQ(checked, 2211);  // of the 2535 1-D rows in optima.csv, 2211 have a proven optimum
}

TEST(LowerBoundBenchmark, CapraraTothReproducesTheTabledBound) {
  SKIP_WITHOUT_DATA();
  // For vector2d_ct the data README says `lb` = max over both dimensions of max(L1, L2), as
  // computed independently from the files, so ours must equal it; `optimum` bounds it above.
  int checked = 0;
  for (const auto& row : read_optima(data_dir / "optima.csv")) {
    if (row.family != "vector2d_ct") continue;
    const i64 lb = projection_of<2>(read_instance(data_dir / row.file));
    EXPECT_EQ(lb, row.lb) << row.file;
    if (row.optimum) {
      EXPECT_LE(lb, *row.optimum) << row.file;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 400);
}

TEST(LowerBoundBenchmark, VectorFamiliesNeverExceedTheOptimum) {
  SKIP_WITHOUT_DATA();
  // d = 3, 5 or 10, packed into D = 10 with zero-capacity padding. Triplet instances fill
  // every bin exactly in every dimension (Mommessin et al.), so there L1 = OPT = n/3.
  // Some vector_triplet classC files hold negative sizes (e.g. -2 in classC_120_10_0), which
  // the format excludes and which void the bounds' precondition: they are counted, not used.
  std::map<std::string, int> checked, negative;
  for (const auto& row : read_optima(data_dir / "optima.csv")) {
    if (row.dims < 3 || !row.optimum) continue;
    const auto in = read_instance(data_dir / row.file);
    if (in.negative) {
      ++negative[row.family];
      continue;
    }
    const i64 lb = projection_of<10>(in);
    ASSERT_LE(lb, *row.optimum) << row.file;
    if (row.family == "vector_triplet") {
      EXPECT_EQ(lb, row.items / 3) << row.file;
    }
    ++checked[row.family];
  }
  EXPECT_EQ(checked["vector_triplet"] + negative["vector_triplet"], 240);
  EXPECT_GE(checked["vector_triplet"], 160);  // every classF file (120) and most classC ones
  EXPECT_EQ(negative["vector_panigrahy"] + negative["vector_new"], 0);
  EXPECT_GT(checked["vector_panigrahy"], 0);
  EXPECT_GT(checked["vector_new"], 0);
  if (negative["vector_triplet"] > 0)
    std::cout << "[ NOTE     ] " << negative["vector_triplet"]
              << " vector_triplet files have negative sizes and were skipped\n";
}

// ---------------------------------------------------------------- fractional cost bound

TEST(LowerBoundFractionalCost, OneTypeIsPriceTimesTheTightestRatio) {
  // Closed form: cost = p · max_k W_k / C_k = 0.192 · max(10/4, 20/16) = 0.192 · 2.5 = 0.48.
  const std::vector<resources<2>> caps{{4, 16}};
  const auto r = fp::fractional_cost_bound(resources<2>{10, 20}, caps, std::vector{0.192});
  ASSERT_TRUE(r.feasible);
  EXPECT_NEAR(r.cost, 0.48, 1e-15);
  ASSERT_EQ(r.mix.size(), 1u);
  EXPECT_NEAR(r.mix[0], 2.5, 1e-15);
}

TEST(LowerBoundFractionalCost, CpuHeavyAndMemoryHeavyTypesMix) {
  // c = (8 vCPU, 16 GiB) at 1.00, r = (2, 16) at 0.75; demand W = (20, 80).
  // Both tight: 8a + 2b = 20, 16a + 16b = 80  ->  a = 5/3, b = 10/3, cost = 5/3 + 2.5 = 25/6.
  // Optimality: duals 8u1 + 16u2 = 1, 2u1 + 16u2 = 0.75 -> u = (1/24, 1/24) >= 0, and
  // W·u = 100/24 = 25/6. Alone, c costs 5 (80/16) and r costs 7.5 (20/2 · 0.75).
  const std::vector<resources<2>> caps{{8, 16}, {2, 16}};
  const std::vector<double> costs{1.0, 0.75};
  const auto r = fp::fractional_cost_bound(resources<2>{20, 80}, caps, costs);
  ASSERT_TRUE(r.feasible);
  EXPECT_NEAR(r.cost, 25.0 / 6.0, 1e-12);
  EXPECT_NEAR(r.mix[0], 5.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.mix[1], 10.0 / 3.0, 1e-12);
  // CPU-bound demand W = (40, 16): c alone, a = max(40/8, 16/16) = 5, cost 5; the dual
  // u = (1/8, 0) is feasible (2/8 <= 0.75) with W·u = 5, so no mix is cheaper.
  const auto cpu = fp::fractional_cost_bound(resources<2>{40, 16}, caps, costs);
  EXPECT_NEAR(cpu.cost, 5.0, 1e-12);
  EXPECT_NEAR(cpu.mix[0], 5.0, 1e-12);
  EXPECT_NEAR(cpu.mix[1], 0.0, 1e-12);
  // A duplicate of c (degenerate ties for Bland's rule) changes nothing: still 25/6.
  const std::vector<resources<2>> dup{{8, 16}, {8, 16}, {2, 16}};
  EXPECT_NEAR(
      fp::fractional_cost_bound(resources<2>{20, 80}, dup, std::vector{1.0, 1.0, 0.75}).cost,
      25.0 / 6.0, 1e-12);
}

TEST(LowerBoundFractionalCost, InfeasibleAndEmptyDemand) {
  // GPU demand, no type has a GPU: infeasible is a status.
  const std::vector<resources<3>> caps{{8, 16, 0}, {2, 16, 0}};
  const auto r = fp::fractional_cost_bound(resources<3>{4, 4, 1}, caps, std::vector{1.0, 0.75});
  EXPECT_FALSE(r.feasible);
  EXPECT_TRUE(r.mix.empty());
  EXPECT_FALSE(fp::fractional_cost_bound<2>({1, 1}, {}, {}).feasible);  // no types at all
  // No demand: nothing to buy.
  const auto none = fp::fractional_cost_bound(resources<3>{0, 0, 0}, caps, std::vector{1.0, 0.75});
  ASSERT_TRUE(none.feasible);
  EXPECT_EQ(none.cost, 0.0);
  EXPECT_EQ(none.mix, (std::vector<double>{0.0, 0.0}));
  // A free type that covers everything: cost 0, but the mix still covers the demand.
  const auto free = fp::fractional_cost_bound(resources<3>{4, 4, 0}, caps, std::vector{0.0, 0.75});
  ASSERT_TRUE(free.feasible);
  EXPECT_EQ(free.cost, 0.0);
  EXPECT_GE(free.mix[0] * 8 + free.mix[1] * 2, 4.0 - 1e-12);
}

namespace {
/// Draws a random LP, solves it with the simplex and by vertex enumeration, and compares.
template <std::size_t D>
void compare_with_vertex_enumeration(splitmix& rng, std::size_t types, bool realistic) {
  std::vector<resources<D>> caps(types);
  std::vector<double> costs(types);
  resources<D> w{};
  for (std::size_t t = 0; t < types; ++t) {
    for (std::size_t k = 0; k < D; ++k) {
      // Realistic: millicores, MiB and pod slots of EC2-sized nodes; else small integers.
      const i64 hi = !realistic ? 12 : k == 0 ? 192'000 : k == 1 ? 786'432 : 737;
      caps[t][k] = rng.between(0, 4) == 0 ? 0 : rng.between(1, hi);
    }
    costs[t] = realistic ? 0.005 + 30.0 * rng.unit() : double(rng.between(0, 20));
  }
  for (std::size_t k = 0; k < D; ++k)
    w[k] = rng.between(0, 4) == 0 ? 0 : rng.between(1, realistic ? 50'000'000 : 60);

  std::vector<std::vector<double>> dcaps(types, std::vector<double>(D));
  for (std::size_t t = 0; t < types; ++t)
    for (std::size_t k = 0; k < D; ++k) dcaps[t][k] = double(caps[t][k]);
  const std::vector<double> dw(w.begin(), w.end());
  const auto expect = brute_force_lp(dcaps, costs, dw);
  const auto got = fp::fractional_cost_bound(w, caps, costs);

  ASSERT_EQ(got.feasible, expect.has_value());
  if (!expect) return;
  ASSERT_NEAR(got.cost, *expect, 1e-9 * std::max(1.0, *expect));
  double mix_cost = 0.0;
  for (std::size_t t = 0; t < types; ++t) {
    ASSERT_GE(got.mix[t], 0.0);
    mix_cost += costs[t] * got.mix[t];
  }
  ASSERT_NEAR(mix_cost, got.cost, 1e-9 * std::max(1.0, got.cost));
  for (std::size_t k = 0; k < D; ++k) {
    double have = 0.0;
    for (std::size_t t = 0; t < types; ++t) have += double(caps[t][k]) * got.mix[t];
    ASSERT_GE(have, double(w[k]) * (1.0 - 1e-9)) << "dimension " << k;
  }
}
}  // namespace

TEST(LowerBoundFractionalCost, MatchesVertexEnumerationOnSmallRandomInstances) {
  splitmix rng{0xf1ee7ca57};
  for (int rep = 0; rep < 600; ++rep) {
    SCOPED_TRACE(rep);
    const auto types = std::size_t(rng.between(1, 6));
    if (rep % 2 == 0)
      compare_with_vertex_enumeration<2>(rng, types, false);
    else
      compare_with_vertex_enumeration<3>(rng, types, false);
    if (HasFatalFailure()) return;
  }
}

TEST(LowerBoundFractionalCost, MatchesVertexEnumerationInRealUnits) {
  // Millicores and MiB (up to 7.8e5) against prices in dollars per hour: the scaling matters.
  splitmix rng{12345};
  for (int rep = 0; rep < 300; ++rep) {
    SCOPED_TRACE(rep);
    compare_with_vertex_enumeration<3>(rng, std::size_t(rng.between(1, 8)), true);
    if (HasFatalFailure()) return;
  }
}

TEST(LowerBoundFractionalCost, MatchesVertexEnumerationWithManyTypes) {
  // A catalog-sized problem: 300 types in 2-D (C(300,2) vertices) and 120 in 3-D.
  splitmix rng{99};
  for (int rep = 0; rep < 3; ++rep) {
    compare_with_vertex_enumeration<2>(rng, 300, true);
    compare_with_vertex_enumeration<3>(rng, 120, true);
    if (HasFatalFailure()) return;
  }
}

TEST(LowerBoundSimplex, BealeCyclingExampleTerminatesAtTheOptimum) {
  // Beale (1955): max 3/4 x1 - 150 x2 + 1/50 x3 - 6 x4 s.t. 1/4 x1 - 60 x2 - 1/25 x3 + 9 x4 <= 0,
  // 1/2 x1 - 90 x2 - 1/50 x3 + 3 x4 <= 0, x3 <= 1, x >= 0: degenerate at the start (the
  // textbook largest-coefficient rule cycles on it), with negative entries. The solver must
  // still end at the optimum, 1/20 at x = (1/25, 0, 1, 0)
  // (checked by exact vertex enumeration in rational arithmetic). The solver sees it as the
  // dual of min p·y s.t. A·y >= b with b = the objective, A = the transposed constraints, p =
  // (0, 0, 1), so the covering optimum is 1/20 as well.
  const std::vector<double> b{0.75, -150.0, 0.02, -6.0};
  const std::vector<double> a{0.25,  0.5,   0.0,   // x1's column of the constraints
                              -60.0, -90.0, 0.0,   // x2
                              -0.04, -0.02, 1.0,   // x3
                              9.0,   3.0,   0.0};  // x4
  const std::vector<double> p{0.0, 0.0, 1.0};
  const auto r = fleetcast::detail::solve_covering_lp(a, b, p);
  ASSERT_TRUE(r.feasible);
  EXPECT_NEAR(r.value, 0.05, 1e-12);
  for (std::size_t row = 0; row < b.size(); ++row) {
    double lhs = 0.0;
    for (std::size_t t = 0; t < p.size(); ++t) lhs += a[row * 3 + t] * r.y[t];
    EXPECT_GE(lhs, b[row] - 1e-12) << "row " << row;
  }
}

// ---------------------------------------------------------------- strengthened cost bound

TEST(LowerBoundStrengthenedCost, BigItemMustSitOnABigType) {
  // A = (4, 8) at 1.00, B = (16, 32) at 4.50; one item (10, 10) fits only B.
  // Plain LP: per CPU A costs 0.25 < B's 0.28125, CPU binds: 10/4 · 1 = 2.5.
  // Strengthened: the item is confined to {B}, so y_B >= 1 -> 4.5, the true optimum.
  const std::vector<resources<2>> caps{{4, 8}, {16, 32}};
  const std::vector<double> costs{1.0, 4.5};
  const std::vector<resources<2>> sizes{{10, 10}};
  const std::vector<i64> counts{1};
  EXPECT_NEAR(fp::fractional_cost_bound(resources<2>{10, 10}, caps, costs).cost, 2.5, 1e-12);
  const auto r = fp::strengthened_cost_bound<2>(sizes, counts, caps, costs);
  ASSERT_TRUE(r.feasible);
  EXPECT_NEAR(r.cost, 4.5, 1e-12);
  EXPECT_NEAR(r.mix[1], 1.0, 1e-12);
}

TEST(LowerBoundStrengthenedCost, AtLeastOneInstance) {
  // One item (1, 1): plain LP 1/4 · 1.00 = 0.25; any packing needs one instance, the cheapest
  // is A at 1.00 = optimum.
  const std::vector<resources<2>> caps{{4, 8}, {16, 32}};
  const std::vector<double> costs{1.0, 4.5};
  const auto r = fp::strengthened_cost_bound<2>(std::vector<resources<2>>{{1, 1}},
                                                std::vector<i64>{1}, caps, costs);
  EXPECT_NEAR(r.cost, 1.0, 1e-12);
  // No items: nothing to buy.
  const auto none = fp::strengthened_cost_bound<2>({}, {}, caps, costs);
  ASSERT_TRUE(none.feasible);
  EXPECT_EQ(none.cost, 0.0);
}

TEST(LowerBoundStrengthenedCost, CustomPlacementRule) {
  // Types x86 = (4, 8) at 1.00 and arm = (4, 8) at 1.20. Two (1,1) items run on arm only,
  // four (2,2) items anywhere. Rows: all items: 4y0 + 4y1 >= 10 and y0 + y1 >= ⌈10/4⌉ = 3;
  // arm-only items: y1 >= 1. Minimum: y1 = 1, y0 = 2 -> 3.2. Optimum is also 3.2: the arm
  // node takes both (1,1) and one (2,2); the three other (2,2) need two x86 nodes.
  const std::vector<resources<2>> caps{{4, 8}, {4, 8}};
  const std::vector<double> costs{1.0, 1.2};
  const std::vector<resources<2>> sizes{{1, 1}, {2, 2}};
  const std::vector<i64> counts{2, 4};
  auto rule = [](std::size_t s, std::size_t t) { return s != 0 || t == 1; };
  const auto r = fp::strengthened_cost_bound<2>(sizes, counts, caps, costs, rule);
  ASSERT_TRUE(r.feasible);
  EXPECT_NEAR(r.cost, 3.2, 1e-12);
  EXPECT_NEAR(fp::fractional_cost_bound(resources<2>{10, 10}, caps, costs).cost, 2.5, 1e-12);
  // A shape no type may hold: infeasible.
  auto nowhere = [](std::size_t s, std::size_t) { return s != 0; };
  EXPECT_FALSE(fp::strengthened_cost_bound<2>(sizes, counts, caps, costs, nowhere).feasible);
  // An item too big for every type, with the default rule: infeasible.
  EXPECT_FALSE(fp::strengthened_cost_bound<2>(std::vector<resources<2>>{{5, 1}},
                                              std::vector<i64>{1}, caps, costs)
                   .feasible);
}

TEST(LowerBoundStrengthenedCost, BetweenPlainBoundAndBruteForceOptimum) {
  // Random 2-D instances of <= 6 items on <= 3 types, half with a random placement rule.
  splitmix rng{4242};
  int strictly_stronger = 0;
  for (int rep = 0; rep < 800; ++rep) {
    SCOPED_TRACE(rep);
    const auto types = std::size_t(rng.between(1, 3));
    std::vector<resources<2>> caps(types);
    std::vector<double> costs(types);
    for (std::size_t t = 0; t < types; ++t) {
      caps[t] = {rng.between(2, 12), rng.between(2, 12)};
      costs[t] = double(rng.between(1, 20)) / 4.0;
    }
    std::vector<resources<2>> sizes;
    std::vector<i64> counts;
    std::vector<std::size_t> shape_of;
    for (i64 s = rng.between(1, 3), left = 6; s > 0 && left > 0; --s) {
      const i64 q = rng.between(1, std::min<i64>(left, 2));
      sizes.push_back({rng.between(0, 10), rng.between(0, 10)});
      counts.push_back(q);
      for (i64 i = 0; i < q; ++i) shape_of.push_back(sizes.size() - 1);
      left -= q;
    }
    const std::uint64_t mask = rep % 2 ? rng.next() : ~std::uint64_t{0};
    auto rule = [&](std::size_t s, std::size_t t) {
      return ((mask >> (s * 3 + t)) & 1) != 0 && fp::fits(sizes[s], caps[t]);
    };
    resources<2> total{};
    for (std::size_t s = 0; s < sizes.size(); ++s) fp::add_to(total, sizes[s], counts[s]);

    const auto opt = brute_force_cost<2>(expand(sizes, counts), shape_of, caps, costs, rule);
    const auto strong = fp::strengthened_cost_bound<2>(sizes, counts, caps, costs, rule);
    ASSERT_EQ(strong.feasible, opt.has_value());
    if (!opt) continue;
    const auto plain = fp::fractional_cost_bound(total, caps, costs);
    ASSERT_TRUE(plain.feasible);
    ASSERT_LE(plain.cost, strong.cost + 1e-9);
    ASSERT_LE(strong.cost, *opt + 1e-9);
    strictly_stronger += strong.cost > plain.cost + 1e-9;
  }
  EXPECT_GT(strictly_stronger, 100);
}

// ---------------------------------------------------------------- gap

TEST(LowerBoundGap, RelativeDistanceAboveTheBound) {
  EXPECT_DOUBLE_EQ(fp::gap(105.0, 100.0), 0.05);  // (105 - 100) / 100
  EXPECT_EQ(fp::gap(40, 40), 0.0);
  EXPECT_EQ(fp::gap(0.0, 0.0), 0.0);  // equal, even at zero
  EXPECT_EQ(fp::gap(3.0, 0.0), std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(fp::gap(45, 40), 0.125);  // FFD 45 vs optimum 40 on Falkenauer_t120_00
}
