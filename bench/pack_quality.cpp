// Packing quality against proven optima: runs every heuristic over every benchmark instance
// with a known optimum (shared/data/binpacking, see its README) and writes a markdown report
// of the gaps, the share solved optimally, the time, and how tight the lower bound is.
//
//   build/bench/pack_quality ../shared/data/binpacking [--out docs/packing-quality.md]
//                            [--families a,b] [--heuristics h1,h2] [--seed 1] [--exact S]
//                            [--improve S [--improve-from h1,h2]] [--perfect N [--write-perfect DIR]]
//
// --improve S adds a row `h+improve` for each heuristic h of --improve-from (default
// dot_product): h's packing improved by packing::improve for up to S seconds per instance,
// stopping early at the known optimum. --perfect N adds the generated family `perfect_2d`
// (bench/perfect_packing.hpp): N instances for each B in 20, 50, 100, 200, 400, optimum B.
//
// --exact S also runs the column generation solver (packing/exact.hpp) on every instance with
// a time limit of S seconds each, and reports how many it proves optimal, its gaps and times.
//
// Every packing is checked (each item placed once, no bin over capacity) and compared with
// the optimum: a heuristic below the optimum, a bound above it or an FFD count differing from
// optima.csv's ffd_1d is a bug, reported under "Sanity checks" and by exit code 1 (the report
// is still written). Instances the reader rejects are listed there and skipped, never dropped
// silently. Single-threaded, so the times are comparable. Exit codes: 0 ok, 1 a bug found,
// 2 bad command line or unreadable optima.csv, 3 internal error.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/packing/exact.hpp"
#include "fleetcast/packing/improve.hpp"
#include "fleetcast/packing/instances.hpp"
#include "fleetcast/packing/pack.hpp"
#include "fleetcast/version.hpp"
#include "perfect_packing.hpp"

namespace {

using namespace fleetcast;
using clock_type = std::chrono::steady_clock;

// A family whose heuristics together take longer than this is flagged in the report.
constexpr double slow_family_seconds = 120.0;

struct options {
  std::string root;
  std::optional<std::string> out;
  std::vector<std::string> families;    // empty: all
  std::vector<std::string> heuristics;  // empty: all
  std::uint64_t seed = 1;
  double improve_s = 0;                   // --improve: seconds per instance; 0: no improve rows
  std::vector<std::string> improve_from;  // heuristics whose results are improved
  int perfect = 0;                        // --perfect: generated instances per B
  std::optional<std::string> write_perfect;
  std::optional<double> exact_seconds;  // --exact: the solver's time limit per instance
  std::vector<std::string> argv;  // as given, for the report header
  bool help = false;
};

constexpr const char* usage =
    "usage: pack_quality <data root> [--out FILE.md] [--families a,b] [--heuristics h1,h2] [--seed "
    "N] [--improve S [--improve-from h1,h2]] [--perfect N [--write-perfect DIR]] [--exact SECONDS]";

constexpr std::string_view improve_suffix = "+improve";
constexpr const char* perfect_family = "perfect_2d";
constexpr std::int64_t perfect_bins[] = {20, 50, 100, 200, 400};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> v;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t at = s.find(',', start);
    if (at == std::string::npos) at = s.size();
    if (at > start) v.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  return v;
}

options parse_args(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) o.argv.emplace_back(argv[i]);
  for (std::size_t i = 0; i < o.argv.size(); ++i) {
    const std::string& a = o.argv[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= o.argv.size()) throw input_error(errid::usage, a, "needs a value");
      return o.argv[++i];
    };
    if (a == "--out" || a == "-o") {
      o.out = value();
    } else if (a == "--families") {
      o.families = split_list(value());
    } else if (a == "--heuristics") {
      o.heuristics = split_list(value());
    } else if (a == "--seed") {
      const std::string& v = value();
      try {
        std::size_t used = 0;
        o.seed = std::stoull(v, &used);
        if (used != v.size()) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        throw input_error(errid::usage, "--seed", "\"" + v + "\" is not a whole number");
      }
    } else if (a == "--improve") {
      const std::string& v = value();
      char* end = nullptr;
      o.improve_s = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || !(o.improve_s >= 0) || o.improve_s > 3600)
        throw input_error(errid::usage, "--improve", "\"" + v + "\" is not a number of seconds in [0, 3600]");
    } else if (a == "--improve-from") {
      o.improve_from = split_list(value());
    } else if (a == "--perfect") {
      const std::string& v = value();
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 0 || n > 1000)
        throw input_error(errid::usage, "--perfect", "\"" + v + "\" is not a count of instances per B in [0, 1000]");
      o.perfect = int(n);
    } else if (a == "--write-perfect") {
      o.write_perfect = value();
    } else if (a == "--exact") {
      const std::string& v = value();
      double secs = 0;
      try {
        std::size_t used = 0;
        secs = std::stod(v, &used);
        if (used != v.size()) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        secs = 0;
      }
      if (!(secs > 0) || !std::isfinite(secs))
        throw input_error(errid::usage, "--exact", "\"" + v + "\" is not a positive number of seconds");
      o.exact_seconds = secs;
    } else if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (!a.empty() && a[0] == '-') {
      throw input_error(errid::usage, a, "unknown option");
    } else if (o.root.empty()) {
      o.root = a;
    } else {
      throw input_error(errid::usage, a, "only one data root may be given");
    }
  }
  if (o.root.empty() && !o.help) throw input_error(errid::usage, "", usage);
  if (o.improve_s > 0 && o.improve_from.empty()) o.improve_from = {"dot_product"};
  return o;
}

// ---------------------------------------------------------------------------------------------
// Running one instance.

struct heuristic_outcome {
  std::int64_t bins = 0;
  double seconds = 0;
  std::string problem;  // empty: a valid packing of every item
};

struct instance_outcome {
  std::vector<heuristic_outcome> runs;  // one per heuristic, in the order asked
  std::int64_t lower_bound = 0;
  std::optional<std::int64_t> ffd_sum;  // 1-D: the cross-check against optima.csv's ffd_1d
  struct exact_run {
    std::int64_t bins = 0, bound = 0;
    bool proved = false, time_limit = false;
    double seconds = 0;
    std::string problem;
  };
  std::optional<exact_run> exact;  // --exact only
};

/// Empty if `r` places every item exactly once and no bin exceeds the capacity; else why not.
template <std::size_t D>
std::string check_packing(const packing::problem<D>& p, const packing::pack_result<D>& r) {
  if (r.status != packing::pack_status::ok) return "status " + std::string(to_string(r.status));
  std::vector<std::int64_t> placed(p.shapes.size(), 0);
  const auto& cap = p.bin_types.at(0).capacity;
  for (std::size_t b = 0; b < r.bins.size(); ++b) {
    packing::resources<D> load{};
    for (const auto& [s, k] : r.bins[b].items) {
      if (s >= p.shapes.size() || k <= 0) return "bin " + std::to_string(b) + " holds a bad entry";
      packing::add_to<D>(load, p.shapes[s], k);
      placed[s] += k;
    }
    if (!packing::fits<D>(load, cap)) return "bin " + std::to_string(b) + " exceeds the capacity";
    if (load != r.bins[b].load) return "bin " + std::to_string(b) + " reports a wrong load";
  }
  if (placed != p.counts) return "items placed do not match the counts";
  return {};
}

struct run_settings {
  std::uint64_t seed = 1;
  double improve_s = 0;
  std::int64_t optimum = 0;  // improve stops there
  std::optional<double> exact_seconds;  // the exact solver's time limit; none: not run
};

template <std::size_t D>
instance_outcome run_instance(const packing::instance& inst,
                              const std::vector<std::string>& heuristics, const run_settings& rs) {
  const std::uint64_t seed = rs.seed;
  const std::optional<double> exact_seconds = rs.exact_seconds;
  const auto p = packing::to_problem<D>(inst);
  const packing::type_choice fixed{packing::type_policy::fixed, 0};
  instance_outcome out;
  for (const auto& h : heuristics) {
    const auto t0 = clock_type::now();
    const bool improved = h.ends_with(improve_suffix);
    auto r = packing::pack_by_name<D>(improved ? h.substr(0, h.size() - improve_suffix.size()) : h, p, fixed, seed);
    if (improved) {
      packing::improve_options io;
      io.seconds = rs.improve_s;
      io.seed = seed;
      io.stop_at_bins = rs.optimum;
      r = packing::improve<D>(p, r, fixed, io);
    }
    const auto t1 = clock_type::now();
    out.runs.push_back(
        {r.bins_used(), std::chrono::duration<double>(t1 - t0).count(), check_packing<D>(p, r)});
  }
  out.lower_bound = packing::compute_bounds<D>(p).bins;
  if constexpr (D == 1)
    out.ffd_sum = packing::pack_by_name<D>("ffd_sum", p, fixed, seed).bins_used();
  if (exact_seconds) {
    packing::exact_options o;
    o.time_limit_seconds = *exact_seconds;
    const auto r = packing::solve_exact<D>(p, fixed, o);
    out.exact = {r.packing.bins_used(), r.bins_bound, r.status == packing::exact_status::optimal,
                 r.time_limit_reached, r.seconds, check_packing<D>(p, r.packing)};
  }
  return out;
}

std::optional<instance_outcome> run_any(const packing::instance& inst,
                                        const std::vector<std::string>& heuristics,
                                        const run_settings& rs) {
  switch (inst.dims) {
    case 1:
      return run_instance<1>(inst, heuristics, rs);
    case 2:
      return run_instance<2>(inst, heuristics, rs);
    case 3:
      return run_instance<3>(inst, heuristics, rs);
    case 5:
      return run_instance<5>(inst, heuristics, rs);
    case 10:
      return run_instance<10>(inst, heuristics, rs);
    default:
      return std::nullopt;
  }
}

// ---------------------------------------------------------------------------------------------
// Accumulating per family.

/// Gaps to the optimum, as fractions (0.05 = 5%); `hits` counts gaps of exactly zero.
struct gap_stats {
  std::int64_t count = 0, hits = 0;
  double sum_gap = 0, worst_gap = 0, seconds = 0;
  void add(std::int64_t above, std::int64_t opt,
           double secs) {  // above = value - opt, or opt - bound
    const double g = double(above) / double(opt);
    ++count;
    hits += above == 0;
    sum_gap += g;
    worst_gap = std::max(worst_gap, g);
    seconds += secs;
  }
  [[nodiscard]] double mean_gap() const { return count ? sum_gap / double(count) : 0; }
  [[nodiscard]] double hit_share() const { return count ? double(hits) / double(count) : 0; }
};

struct family_stats {
  std::set<std::size_t> dims;
  std::map<std::string, std::int64_t> sources;  // optima.csv `source` of the rows run
  std::int64_t rows = 0, solved = 0;            // in optima.csv; with an optimum
  std::int64_t ran = 0;
  std::int64_t min_items = 0, max_items = 0;
  std::vector<gap_stats> heuristic;  // one per heuristic
  gap_stats bound, best_known;       // opt - compute_bounds().bins; optima.csv's ub - opt
  std::int64_t bound_below_csv_lb = 0;
  std::int64_t ffd_checked = 0, ffd_matched = 0;
  std::int64_t listed_largest_first = 0;  // files whose items are in non-increasing size order
  double seconds = 0;                     // all heuristics, excluding reading and bounds
  // --exact: instances run, proved optimal, optimum found, stopped at the time limit; gaps of
  // its bins to the optimum and to its own bound, and of its bound to the optimum
  std::int64_t exact_ran = 0, exact_proved = 0, exact_hit = 0, exact_time_limit = 0;
  double exact_gap_opt = 0, exact_gap_own = 0, exact_bound_gap = 0, exact_seconds = 0, exact_max_seconds = 0;
};

/// Something the report must show. `bug`: a wrong result of fleetcast (the run fails);
/// otherwise a data problem that made an instance be skipped.
struct problem_note {
  std::string family, instance, kind, what;
  bool bug = false;
};

/// The file lists its items largest first (by the sum of sizes relative to the capacity), so
/// rules that take items as given behave like their "decreasing" variants.
bool listed_largest_first(const packing::instance& inst) {
  double previous = 0;
  for (std::size_t s = 0; s < inst.sizes.size(); ++s) {
    double v = 0;
    for (std::size_t k = 0; k < inst.dims; ++k)
      v += double(inst.sizes[s][k]) / double(inst.capacity[k]);
    if (s > 0 && v > previous) return false;
    previous = v;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}
std::string pct(double fraction) {
  return fmt("%.2f", 100.0 * fraction + 0.0);
}
std::string ms(double seconds) {
  const double m = 1000.0 * seconds;
  return m >= 100  ? fmt("%.0f", m)
         : m >= 10 ? fmt("%.1f", m)
         : m >= 1  ? fmt("%.2f", m)
                   : fmt("%.3f", m);
}
std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(sep)) + x;
  return s;
}
std::string dims_of(const family_stats& f) {
  std::vector<std::string> v;
  for (auto d : f.dims) v.push_back(std::to_string(d));
  return join(v, ", ");
}
std::string range(std::int64_t a, std::int64_t b) {
  return a == b ? std::to_string(a) : std::to_string(a) + "–" + std::to_string(b);
}
std::string hex(std::uint64_t v) {
  char b[20];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  return "unknown CPU";
}

/// Sorted item-centric and bin-centric rules: their result does not depend on the order the
/// file lists items in (up to ties), unlike next/first/best/worst fit, binpack, spread, random.
bool order_independent(std::string_view h) {
  if (h.ends_with(improve_suffix)) h.remove_suffix(improve_suffix.size());
  return h.starts_with("ffd_") || h.starts_with("bfd_") || h.starts_with("wfd_") ||
         h == "dot_product" || h == "l2_norm_gap";
}

/// Heuristics ordered by mean gap, then optimal share, then order-independent first (indices
/// into `names`; otherwise in `names` order).
std::vector<std::size_t> ranking(const family_stats& f, const std::vector<std::string>& names) {
  std::vector<std::size_t> idx(f.heuristic.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    const auto &x = f.heuristic[a], &y = f.heuristic[b];
    if (x.sum_gap != y.sum_gap) return x.sum_gap < y.sum_gap;
    if (x.hits != y.hits) return x.hits > y.hits;
    return order_independent(names[a]) && !order_independent(names[b]);
  });
  return idx;
}

/// The best heuristic (among those `allowed`) as "`name` (+k tied)", and its index.
std::pair<std::string, std::optional<std::size_t>> best_of(const family_stats& f,
                                                           const std::vector<std::string>& names,
                                                           bool (*allowed)(std::string_view)) {
  std::optional<std::size_t> best;
  std::size_t ties = 0;
  for (auto h : ranking(f, names)) {
    if (!allowed(names[h])) continue;
    if (!best)
      best = h;
    else if (f.heuristic[h].sum_gap == f.heuristic[*best].sum_gap &&
             f.heuristic[h].hits == f.heuristic[*best].hits)
      ++ties;
  }
  if (!best) return {"–", std::nullopt};
  return {"`" + names[*best] + "`" + (ties ? " (+" + std::to_string(ties) + " tied)" : ""), best};
}

bool any_heuristic(std::string_view) {
  return true;
}

/// An order-dependent rule that beats every order-independent one by more than a point: the
/// files probably list the items in an order that encodes a good packing.
std::optional<std::string> order_caveat(const family_stats& f,
                                        const std::vector<std::string>& names) {
  const auto [any_name, any] = best_of(f, names, any_heuristic);
  const auto [fixed_name, fixed] = best_of(f, names, order_independent);
  if (!any || !fixed || order_independent(names[*any])) return std::nullopt;
  if (f.heuristic[*fixed].mean_gap() - f.heuristic[*any].mean_gap() <= 0.01) return std::nullopt;
  return "order-dependent " + any_name + " (mean gap " + pct(f.heuristic[*any].mean_gap()) +
         "%) beats every sorted or bin-centric rule (best " + fixed_name + ", " +
         pct(f.heuristic[*fixed].mean_gap()) +
         "%): the files list the items in an order that helps rules taking them as given; compare "
         "the "
         "order-independent rules only";
}

struct report_input {
  const options& opt;
  const std::vector<std::string>& heuristics;
  const std::vector<std::string>& family_order;
  const std::map<std::string, family_stats>& families;
  const std::vector<problem_note>& problems;
  std::int64_t csv_rows = 0, verified = 0;
  std::uint64_t csv_hash = 0;
  double total_seconds = 0;
};

/// The column generation solver's results (`--exact`): per family and in total.
template <class Line>
void exact_section(const report_input& in, Line& line) {
  line("## Exact solver (column generation on CLP/CBC)");
  line();
  line("`packing::solve_exact` (`fleetcast pack --heuristic exact`) with a time limit of " +
       fmt("%g", *in.opt.exact_seconds) + " s per instance, one thread, the time");
  line("counting its starting heuristics. *proved* = the solver's own bound (the column generation");
  line("LP rounded up, or L2 if higher) equals its packing: optimality shown without the known");
  line("optimum. *= opt* = its packing has the known optimum. *gap to opt* = (bins − opt) / opt;");
  line("*own gap* = (bins − bound) / bound, what the solver reports where the optimum is unknown;");
  line("*bound gap* = (opt − bound) / opt. *time limit* = instances stopped by it.");
  line();
  line("| family | run | proved | = opt | gap to opt % | own gap % | bound gap % | time limit | mean s | max s |");
  line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  std::int64_t ran = 0, proved = 0, hit = 0, limited = 0;
  double gap_opt = 0, gap_own = 0, bound_gap = 0, secs = 0, max_secs = 0;
  for (const auto& name : in.family_order) {
    const auto& f = in.families.at(name);
    if (f.exact_ran == 0) continue;
    const double n = double(f.exact_ran);
    line("| " + name + " | " + std::to_string(f.exact_ran) + " | " + std::to_string(f.exact_proved) + " | " +
         std::to_string(f.exact_hit) + " | " + pct(f.exact_gap_opt / n) + " | " + pct(f.exact_gap_own / n) + " | " +
         pct(f.exact_bound_gap / n) + " | " + std::to_string(f.exact_time_limit) + " | " +
         fmt("%.3f", f.exact_seconds / n) + " | " + fmt("%.2f", f.exact_max_seconds) + " |");
    ran += f.exact_ran;
    proved += f.exact_proved;
    hit += f.exact_hit;
    limited += f.exact_time_limit;
    gap_opt += f.exact_gap_opt;
    gap_own += f.exact_gap_own;
    bound_gap += f.exact_bound_gap;
    secs += f.exact_seconds;
    max_secs = std::max(max_secs, f.exact_max_seconds);
  }
  if (ran > 0)
    line("| **all** | " + std::to_string(ran) + " | " + std::to_string(proved) + " | " + std::to_string(hit) +
         " | " + pct(gap_opt / double(ran)) + " | " + pct(gap_own / double(ran)) + " | " +
         pct(bound_gap / double(ran)) + " | " + std::to_string(limited) + " | " + fmt("%.3f", secs / double(ran)) +
         " | " + fmt("%.2f", max_secs) + " |");
  line();
  line("The solver's packings are verified and compared with the optimum like the heuristics' (see");
  line("*Sanity checks*): none below the optimum, no bound above it, no false claim of optimality.");
  line();
}

std::string report(const report_input& in) {
  std::string s;
  auto line = [&](const std::string& l = {}) { s += l + "\n"; };
  std::int64_t solved = 0, ran = 0, ffd_checked = 0, ffd_matched = 0;
  for (const auto& name : in.family_order) {
    const auto& f = in.families.at(name);
    solved += f.solved;
    ran += f.ran;
    ffd_checked += f.ffd_checked;
    ffd_matched += f.ffd_matched;
  }
  auto count_kind = [&](std::string_view kind) {
    return std::to_string(std::count_if(in.problems.begin(), in.problems.end(),
                                        [&](const problem_note& p) { return p.kind == kind; }));
  };
  std::vector<std::string> cmd = {"build/bench/pack_quality"};
  cmd.insert(cmd.end(), in.opt.argv.begin(), in.opt.argv.end());

  line("# Packing heuristics against proven optima");
  line();
  line(
      "Generated by `bench/pack_quality.cpp`; do not edit by hand. To regenerate, from the "
      "repository root");
  line("(the data folder sits beside the repository):");
  line();
  line("```sh");
  line("cmake -S . -B build -G Ninja && cmake --build build --target pack_quality");
  line(join(cmd, " "));
  line("```");
  line();
  line("**Data.** `" + in.opt.root +
       "`, the shared bin-packing benchmark folder (its README gives the");
  line("families, their papers and licences). Its `optima.csv` has " + std::to_string(in.csv_rows) +
       " rows (FNV-1a 64 of the file: `" + hex(in.csv_hash) + "`);");
  line("every instance with a proven optimum in the selected families was run: " +
       std::to_string(ran) + " of " + std::to_string(solved) +
       " (the others are listed under *Sanity checks*).");
  line("No instance data is copied into this repository.");
  line();
  line("**Setup.** fleetcast " FLEETCAST_VERSION_STRING ", g++ " __VERSION__
#ifdef NDEBUG
       ", Release build"
#else
       ", assertions ON (not a Release build: the times are not representative)"
#endif
       ", one thread on " +
       cpu_model() + ".");
  line("Each instance becomes one bin type (\"bin\", price 1, so cost = bins) packed with");
  line("`type_choice{type_policy::fixed, 0}`; `random` uses seed " + std::to_string(in.opt.seed) +
       ". BPP files merge equal weights into one shape, so the");
  line(
      "rules that take items as given (next/first/best/worst fit, binpack, spread, random) see "
      "them grouped by");
  line(
      "weight in first-appearance order, as fleetcast's `problem` (counts per shape) always "
      "presents items;");
  line("VBP files keep their item order. The whole run took " + fmt("%.1f", in.total_seconds) +
       " s wall-clock (reading, packing, checking).");
  line();
  line(
      "**Definitions.** *gap* = (bins − opt) / opt in %; *optimal* = share of instances with bins "
      "= opt;");
  line(
      "*time* = mean wall-clock of one `pack_by_name` call per instance. *LB gap* = (opt − LB) / "
      "opt with");
  line(
      "LB = `compute_bounds().bins` (max over dimensions of the Martello–Toth L1/L2 bounds). *Best "
      "known gap*");
  line(
      "uses optima.csv's `ub` (for `mommessin2025` rows the best of ~150 published heuristics; "
      "elsewhere the");
  line(
      "optimum). *Order-independent* = sorted (`ffd_*`, `bfd_*`, `wfd_*`) or bin-centric "
      "(`dot_product`,");
  line(
      "`l2_norm_gap`) rules, whose result does not depend on the file's item order. In 1-D every "
      "size measure");
  line(
      "orders by weight, so `ffd_*`, `bfd_*` and `wfd_*` each give one result six times, and "
      "`binpack:cpu` =");
  line(
      "`binpack:memory`. Where a file lists its items largest first (all BPPLIB files do; the "
      "count is in each");
  line("family's section), first/best/worst fit coincide with their \"decreasing\" variants.");
  line("`vector2d_ct` optima are `computed_proven`: the proof is an FFD/BFD variant meeting the");
  line(
      "L1/L2 bound (or an exact triplet packing), so that family is biased towards instances those "
      "rules solve.");
  if (in.opt.improve_s > 0) {
    line();
    line("**Improvement step.** A row `h+improve` is heuristic `h` followed by `packing::improve`");
    line("(include/fleetcast/packing/improve.hpp: empty the two least-filled bins into the others by");
    line("tabu search over item swaps with a pool, refilling bins by a small exact knapsack) with a budget of " +
         fmt("%g", in.opt.improve_s) + " s");
    line("of wall-clock per instance and seed " + std::to_string(in.opt.seed) +
         ". It stops early when the packing reaches the known optimum (or the lower bound),");
    line("so its time column is the mean time actually spent (heuristic + improvement); an instance it");
    line("cannot bring to the optimum uses the whole budget. Times depend on the machine's load.");
  }
  if (in.opt.perfect > 0) {
    line();
    line("**Generated family `perfect_2d`** (bench/perfect_packing.hpp): " + std::to_string(in.opt.perfect) +
         " instances for each B in 20, 50, 100, 200, 400 (seeds " + std::to_string(in.opt.seed * 1000 + 1) + "–" +
         std::to_string(in.opt.seed * 1000 + std::uint64_t(in.opt.perfect)) + "): B bins of 1000 × 1000, each cut into 2–6 items");
    line("(uniform) whose CPU and memory parts are independent random splits of 1000 with a minimum share of");
    line("5% (50), so every bin's items sum exactly to the bin; the items are shuffled. The optimum is B by");
    line("construction (the volume bound is B). `--write-perfect DIR` writes them as VBP files.");
  }
  line();

  line("## Sanity checks");
  line();
  line("* packings verified (every item placed once, no bin over capacity, loads as reported): " +
       std::to_string(in.verified) + "; invalid: " + count_kind("invalid packing"));
  line("* heuristic results below the proven optimum (would be a bug): " +
       count_kind("below the proven optimum"));
  line("* lower bounds above the proven optimum (would be a bug): " +
       count_kind("lower bound above the optimum"));
  line("* `ffd_sum` reproduces optima.csv's `ffd_1d` on " + std::to_string(ffd_matched) + " of " +
       std::to_string(ffd_checked) +
       " 1-D instances run (`tests/instances_test.cpp` checks every 1-D row)");
  std::vector<std::string> slow;
  for (const auto& name : in.family_order)
    if (in.families.at(name).seconds > slow_family_seconds)
      slow.push_back("`" + name + "` (" + fmt("%.0f", in.families.at(name).seconds) + " s)");
  line("* families whose heuristics together took more than " + fmt("%.0f", slow_family_seconds) +
       " s: " + (slow.empty() ? std::string("none") : join(slow, ", ")) +
       "; no heuristic was skipped");
  if (in.problems.empty()) {
    line("* instances skipped: none (every file read and agreed with optima.csv)");
  } else {
    // Grouped by family and kind, with a few examples each.
    std::vector<std::pair<std::string, std::string>> groups;
    for (const auto& p : in.problems)
      if (std::find(groups.begin(), groups.end(), std::pair{p.family, p.kind}) == groups.end())
        groups.emplace_back(p.family, p.kind);
    for (const auto& [fam, kind] : groups) {
      std::vector<const problem_note*> g;
      for (const auto& p : in.problems)
        if (p.family == fam && p.kind == kind) g.push_back(&p);
      line("* `" + fam + "`: " + std::to_string(g.size()) + " × " + kind +
           (g.front()->bug ? " (**bug**)" : "") + ", e.g.");
      for (std::size_t i = 0; i < g.size() && i < 3; ++i)
        line("  * `" + g[i]->instance + "`: " + g[i]->what);
    }
  }
  for (const auto& name : in.family_order)
    if (auto c = order_caveat(in.families.at(name), in.heuristics)) line("* `" + name + "`: " + *c);
  line();

  line("## Best heuristic per family");
  line();
  line(
      "| family | d | run / solved / rows | n | best heuristic | mean gap % | worst gap % | "
      "optimal | "
      "best order-independent | mean gap % | LB gap % | LB = opt | best known gap % | time s |");
  line("|---|---|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|");
  for (const auto& name : in.family_order) {
    const auto& f = in.families.at(name);
    if (f.ran == 0) continue;
    const auto [best, b] = best_of(f, in.heuristics, any_heuristic);
    const auto [fixed, o] = best_of(f, in.heuristics, order_independent);
    const auto& x = f.heuristic[*b];
    line("| " + name + " | " + dims_of(f) + " | " + std::to_string(f.ran) + " / " +
         std::to_string(f.solved) + " / " + std::to_string(f.rows) + " | " +
         range(f.min_items, f.max_items) + " | " + best + " | " + pct(x.mean_gap()) + " | " +
         pct(x.worst_gap) + " | " + pct(x.hit_share()) + "% | " + fixed + " | " +
         (o ? pct(f.heuristic[*o].mean_gap()) : "–") + " | " + pct(f.bound.mean_gap()) + " | " +
         std::to_string(f.bound.hits) + " / " + std::to_string(f.bound.count) + " | " +
         pct(f.best_known.mean_gap()) + " | " + fmt("%.1f", f.seconds) + " |");
  }
  line();

  line("## Mean gap (%) by heuristic and family");
  line();
  {
    std::string head = "| heuristic |", rule = "|---|";
    for (const auto& name : in.family_order)
      if (in.families.at(name).ran > 0) {
        head += " " + name + " |";
        rule += "---:|";
      }
    line(head);
    line(rule);
    for (std::size_t h = 0; h < in.heuristics.size(); ++h) {
      std::string row = "| `" + in.heuristics[h] + "` |";
      for (const auto& name : in.family_order) {
        const auto& f = in.families.at(name);
        if (f.ran > 0) row += " " + pct(f.heuristic[h].mean_gap()) + " |";
      }
      line(row);
    }
    std::string lb = "| *LB gap* |";
    for (const auto& name : in.family_order)
      if (in.families.at(name).ran > 0)
        lb += " " + pct(in.families.at(name).bound.mean_gap()) + " |";
    line(lb);
  }
  line();

  if (in.opt.exact_seconds) exact_section(in, line);

  line("## Per family");
  for (const auto& name : in.family_order) {
    const auto& f = in.families.at(name);
    if (f.ran == 0) continue;
    std::vector<std::string> sources;
    for (const auto& [src, n] : f.sources) sources.push_back("`" + src + "` " + std::to_string(n));
    line();
    line("### " + name);
    line();
    line("d = " + dims_of(f) + "; n = " + range(f.min_items, f.max_items) + "; " +
         std::to_string(f.ran) + " instances run of " + std::to_string(f.solved) +
         " with a proven optimum (" + std::to_string(f.rows) +
         " rows; sources: " + join(sources, ", ") + "). " + std::to_string(f.listed_largest_first) +
         " of " + std::to_string(f.ran) + " files list their items largest first.");
    line("LB gap: mean " + pct(f.bound.mean_gap()) + "%, worst " + pct(f.bound.worst_gap) +
         "%; LB = opt on " + std::to_string(f.bound.hits) + "; LB below optima.csv's `lb` on " +
         std::to_string(f.bound_below_csv_lb) + ". Heuristics took " + fmt("%.1f", f.seconds) +
         " s in total" +
         (f.seconds > slow_family_seconds
              ? " (**over " + fmt("%.0f", slow_family_seconds) + " s**)."
              : "."));
    if (auto c = order_caveat(f, in.heuristics)) line("Caveat: " + *c + ".");
    line();
    line("| heuristic | mean gap % | worst gap % | optimal | mean time ms |");
    line("|---|---:|---:|---:|---:|");
    for (auto h : ranking(f, in.heuristics)) {
      const auto& g = f.heuristic[h];
      line("| `" + in.heuristics[h] + "` | " + pct(g.mean_gap()) + " | " + pct(g.worst_gap) +
           " | " + pct(g.hit_share()) + "% | " + ms(g.seconds / double(g.count)) + " |");
    }
  }
  return s;
}

int run(const options& opt) {
  const auto start = clock_type::now();
  const std::filesystem::path root(opt.root);
  const std::string csv_path = (root / "optima.csv").string();
  const std::string csv_text = read_text_file(csv_path);
  auto rows = packing::parse_optima_csv(csv_text, csv_path);
  const std::int64_t csv_rows = std::int64_t(rows.size());
  // The generated family: rows like optima.csv's, instances kept in memory (or written out).
  std::map<std::string, packing::instance> generated;
  for (int k = 1; k <= opt.perfect; ++k)
    for (const std::int64_t b : perfect_bins) {
      bench::perfect_packing_spec spec;
      spec.bins = b;
      spec.seed = opt.seed * 1000 + std::uint64_t(k);
      packing::instance inst = bench::perfect_packing(spec);
      packing::optimum_row r;
      r.family = perfect_family;
      r.instance = inst.name;
      r.capacity = inst.capacity;
      r.dims = inst.dims;
      r.items = inst.item_count();
      r.optimum = b;
      r.source = "generated";
      r.lb = r.ub = b;
      r.file = std::string(perfect_family) + "/" + inst.name + ".vbp";
      if (opt.write_perfect) {
        std::filesystem::create_directories(*opt.write_perfect);
        write_file_atomic((std::filesystem::path(*opt.write_perfect) / (inst.name + ".vbp")).string(),
                          bench::to_vbp(inst));
      }
      generated.emplace(inst.name, std::move(inst));
      rows.push_back(std::move(r));
    }

  std::vector<std::string> heuristics =
      opt.heuristics.empty() ? packing::heuristic_names() : opt.heuristics;
  {
    const auto known = packing::heuristic_names();
    for (const auto& h : heuristics)
      if (std::find(known.begin(), known.end(), h) == known.end())
        throw input_error(errid::usage, "--heuristics",
                          "\"" + h + "\" is not one of " + join(known, ", "));
    for (const auto& h : opt.improve_from) {
      if (std::find(known.begin(), known.end(), h) == known.end())
        throw input_error(errid::usage, "--improve-from",
                          "\"" + h + "\" is not one of " + join(known, ", "));
      if (opt.improve_s > 0) heuristics.push_back(h + std::string(improve_suffix));
    }
  }

  std::vector<std::string> family_order;
  std::map<std::string, family_stats> families;
  for (const auto& r : rows) {
    if (!families.contains(r.family)) family_order.push_back(r.family);
    auto& f = families[r.family];
    ++f.rows;
    if (r.optimum) ++f.solved;
  }
  for (const auto& name : opt.families)
    if (!families.contains(name))
      throw input_error(
          errid::usage, "--families",
          "\"" + name + "\" is not a family of " + csv_path + ": " + join(family_order, ", "));
  std::erase_if(family_order, [&](const std::string& fam) {
    return !opt.families.empty() &&
           std::find(opt.families.begin(), opt.families.end(), fam) == opt.families.end();
  });

  std::vector<problem_note> problems;
  std::int64_t verified = 0;
  for (const auto& fam : family_order) {
    auto& f = families[fam];
    f.heuristic.assign(heuristics.size(), {});
    const auto fam_start = clock_type::now();
    for (const auto& r : rows) {
      if (r.family != fam || !r.optimum) continue;
      auto note = [&](std::string kind, std::string what, bool bug) {
        problems.push_back({fam, r.instance, std::move(kind), std::move(what), bug});
      };
      packing::instance inst;
      try {
        inst = r.source == "generated" ? generated.at(r.instance) : packing::read_instance((root / r.file).string());
      } catch (const fleetcast::error& e) {
        note("rejected by the reader", e.what(), false);
        continue;
      }
      if (inst.dims != r.dims || inst.item_count() != r.items || inst.capacity != r.capacity) {
        note("file disagrees with optima.csv", "dims, items or capacity differ", false);
        continue;
      }
      auto out = run_any(inst, heuristics, {opt.seed, opt.improve_s, *r.optimum, opt.exact_seconds});
      if (!out) {
        note("dimension not supported",
             "d = " + std::to_string(inst.dims) + " is not one of 1, 2, 3, 5, 10", false);
        continue;
      }
      const std::int64_t optimum = *r.optimum;
      if (f.ran == 0 || r.items < f.min_items) f.min_items = r.items;
      if (f.ran == 0 || r.items > f.max_items) f.max_items = r.items;
      ++f.ran;
      f.dims.insert(r.dims);
      ++f.sources[r.source];
      f.listed_largest_first += listed_largest_first(inst);
      for (std::size_t h = 0; h < heuristics.size(); ++h) {
        const auto& run = out->runs[h];
        ++verified;
        if (!run.problem.empty()) note("invalid packing", heuristics[h] + ": " + run.problem, true);
        if (run.bins < optimum)
          note("below the proven optimum",
               heuristics[h] + " used " + std::to_string(run.bins) + " bins, the optimum is " +
                   std::to_string(optimum),
               true);
        f.heuristic[h].add(run.bins - optimum, optimum, run.seconds);
        f.seconds += run.seconds;
      }
      f.bound.add(optimum - out->lower_bound, optimum, 0);
      f.best_known.add(r.ub - optimum, optimum, 0);
      if (out->lower_bound < r.lb) ++f.bound_below_csv_lb;
      if (out->lower_bound > optimum)
        note("lower bound above the optimum",
             "LB " + std::to_string(out->lower_bound) + " > optimum " + std::to_string(optimum),
             true);
      if (const auto& e = out->exact) {
        ++verified;
        ++f.exact_ran;
        f.exact_proved += e->proved;
        f.exact_hit += e->bins == optimum;
        f.exact_time_limit += e->time_limit;
        f.exact_gap_opt += double(e->bins - optimum) / double(optimum);
        f.exact_gap_own += e->bound > 0 ? double(e->bins - e->bound) / double(e->bound) : 0.0;
        f.exact_bound_gap += double(optimum - e->bound) / double(optimum);
        f.exact_seconds += e->seconds;
        f.exact_max_seconds = std::max(f.exact_max_seconds, e->seconds);
        if (!e->problem.empty()) note("invalid packing", "exact: " + e->problem, true);
        if (e->bins < optimum)
          note("below the proven optimum",
               "exact used " + std::to_string(e->bins) + " bins, the optimum is " + std::to_string(optimum), true);
        if (e->bound > optimum)
          note("lower bound above the optimum",
               "exact's bound " + std::to_string(e->bound) + " > optimum " + std::to_string(optimum), true);
        if (e->proved && e->bins != optimum)
          note("exact claims optimality wrongly",
               std::to_string(e->bins) + " bins called optimal, the optimum is " + std::to_string(optimum), true);
      }
      if (out->ffd_sum && r.ffd_1d) {
        ++f.ffd_checked;
        if (*out->ffd_sum == *r.ffd_1d)
          ++f.ffd_matched;
        else
          note("ffd_1d mismatch",
               "ffd_sum used " + std::to_string(*out->ffd_sum) + " bins, optima.csv says " +
                   std::to_string(*r.ffd_1d),
               true);
      }
    }
    std::fprintf(stderr, "%-18s %5lld instances  %8.1f s%s\n", fam.c_str(),
                 static_cast<long long>(f.ran),
                 std::chrono::duration<double>(clock_type::now() - fam_start).count(),
                 f.exact_ran ? ("  exact: " + std::to_string(f.exact_proved) + " proved optimal").c_str() : "");
  }

  report_input in{opt, heuristics, family_order, families, problems};
  in.csv_rows = csv_rows;
  in.csv_hash = fnv1a(csv_text);
  in.verified = verified;
  in.total_seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  const std::string text = report(in);
  if (opt.out)
    write_file_atomic(*opt.out, text);
  else
    std::cout << text;
  const bool bug =
      std::any_of(problems.begin(), problems.end(), [](const problem_note& p) { return p.bug; });
  return bug ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const options opt = parse_args(argc, argv);
    if (opt.help) {
      std::cout << usage << "\n";
      return 0;
    }
    return run(opt);
  } catch (const fleetcast::error& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "[fleetcast.internal] " << e.what() << "\n";
    return 3;
  }
}
