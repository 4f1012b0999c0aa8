#include "fleetcast/io/report_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/run_summary.hpp"
#include "json_reader.hpp"
#include "text_format.hpp"

// The report is written as plain strings: the charts are a few kinds (bars, polylines, whiskers)
// and a DOM or template library would be a dependency for no gain. Every text that comes from
// the JSON goes through esc(); numbers are formatted here, never taken as text from the input.

namespace fleetcast {
namespace {

using detail::json;
using detail::node;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// ------------------------------------------------------------------------------------------
// The data the report reads. NaN stands for null or absent: the writer prints "—" for it.

// The Monte Carlo summary types are the public ones (io/run_summary.hpp): the JSON reader
// below fills them, `summarise_run` builds them from a run in memory.
using summary = mc::summary;
using bucket = mc_summary_bucket;
using named_summary = mc_named_summary;
using commitment_stat = mc_commitment_summary;
using paired = mc_paired_summary;
using option_data = mc_option_summary;
using break_even_data = mc_break_even_summary;
using sim_data = mc_run_summary;

struct heuristic_row {
  std::string name, status, cpu_unit;
  double bins = nan, cost_per_hour = nan, lb_bins = nan, lb_cost = nan, gap_cost = nan,
         unplaced = 0, seconds = nan;
};

// ------------------------------------------------------------------------------------------
// Reading. Only the fields the report shows are checked; unknown keys are welcome, so that a
// newer writer (another field, a new section) still renders.

void require_object(const node& n) {
  if (!n.value().is_object())
    n.fail(errid::wrong_type, detail::show(n.value()) + " is " + detail::type_name(n.value()) +
                                  "; expected an object");
}

double num_or_null(const node& n) {
  const json& v = n.value();
  if (v.is_null()) return nan;
  if (!v.is_number())
    n.fail(errid::wrong_type,
           detail::show(v) + " is " + detail::type_name(v) + "; expected a number or null");
  return v.get<double>();
}

double opt_number(const node& obj, std::string_view key) {
  const auto f = obj.find(key);
  return f ? num_or_null(*f) : nan;
}

std::string opt_string(const node& obj, std::string_view key) {
  const auto f = obj.find(key);
  if (!f || f->value().is_null()) return {};
  return f->string();
}

/// A number as the writer wrote it (a 64-bit seed does not survive a trip through double).
std::string opt_number_text(const node& obj, std::string_view key) {
  const auto f = obj.find(key);
  if (!f || f->value().is_null()) return {};
  (void)num_or_null(*f);  // the type check
  return f->value().dump();
}

void read_pair(const node& n, double& lo, double& hi) {
  if (n.value().is_null()) return;
  if (!n.value().is_array() || n.value().size() != 2)
    n.fail(errid::wrong_type,
           detail::show(n.value()) + " is " + detail::type_name(n.value()) + "; expected [lo, hi]");
  lo = num_or_null(n[0]);
  hi = num_or_null(n[1]);
}

summary read_summary(const node& n) {
  require_object(n);
  summary s;
  const double count = opt_number(n, "count");
  s.count = std::isfinite(count) && count >= 0 ? static_cast<std::uint64_t>(count) : 0;
  s.mean = opt_number(n, "mean");
  s.stddev = opt_number(n, "stddev");
  if (const auto ci = n.find("ci95")) read_pair(*ci, s.ci95_lo, s.ci95_hi);
  s.p50 = opt_number(n, "p50");
  s.p90 = opt_number(n, "p90");
  s.p95 = opt_number(n, "p95");
  s.p99 = opt_number(n, "p99");
  s.cvar95 = opt_number(n, "cvar95");
  s.min = opt_number(n, "min");
  s.max = opt_number(n, "max");
  return s;
}

std::optional<summary> opt_summary(const node& obj, std::string_view key) {
  const auto f = obj.find(key);
  if (!f || f->value().is_null()) return std::nullopt;
  return read_summary(*f);
}

option_data read_option(const node& o, const node& root) {
  require_object(o);
  option_data d;
  d.name = o.at("name").string();
  if (!o.has("cost") && root.has("path"))
    o.fail(errid::missing_field,
           "missing required field \"cost\": this is the result of one trial (--trials 1), "
           "which has no distribution to report; run simulate with --trials N > 1");
  d.cost = read_summary(o.at("cost"));
  if (const auto h = o.find("cost_histogram")) {
    const std::size_t n = h->array_size();
    for (std::size_t i = 0; i < n; ++i) {
      const node b = (*h)[i];
      if (!b.value().is_array() || b.value().size() != 3)
        b.fail(errid::wrong_type, detail::show(b.value()) + " is " + detail::type_name(b.value()) +
                                      "; expected [lo, hi, count]");
      const double lo = num_or_null(b[0]), hi = num_or_null(b[1]), c = num_or_null(b[2]);
      if (std::isfinite(lo) && std::isfinite(hi) && std::isfinite(c) && c > 0 && hi >= lo)
        d.histogram.push_back({lo, hi, c});
    }
  }
  if (const auto ls = o.find("lines")) {
    require_object(*ls);
    for (const auto& [k, _] : ls->value().items()) d.lines.push_back({k, read_summary(ls->at(k))});
  }
  d.unserved = opt_summary(o, "unserved_task_seconds");
  d.interruptions = opt_summary(o, "interruptions");
  if (const auto v = o.find("vs_baseline"); v && !v->value().is_null()) {
    require_object(*v);
    paired p;
    p.baseline = opt_string(*v, "baseline");
    p.mean_diff = opt_number(*v, "mean_diff");
    p.stddev_diff = opt_number(*v, "stddev_diff");
    if (const auto ci = v->find("ci95")) read_pair(*ci, p.ci95_lo, p.ci95_hi);
    p.prob_cheaper = opt_number(*v, "prob_cheaper");
    if (const auto ci = v->find("prob_cheaper_ci95")) read_pair(*ci, p.prob_cheaper_lo, p.prob_cheaper_hi);
    d.vs = p;
  }
  if (const auto cs = o.find("commitments")) {
    const std::size_t n = cs->array_size();
    for (std::size_t i = 0; i < n; ++i) {
      const node c = (*cs)[i];
      require_object(c);
      commitment_stat m;
      m.name = opt_string(c, "name");
      if (auto u = opt_summary(c, "utilisation")) m.utilisation = *u;
      if (auto u = opt_summary(c, "unused_usd")) m.unused = *u;
      d.commitments.push_back(std::move(m));
    }
  }
  d.coverage = opt_summary(o, "coverage");
  if (const auto b = o.find("binding_share")) {
    require_object(*b);
    for (const auto& [k, _] : b->value().items()) d.binding.push_back({k, read_summary(b->at(k))});
  }
  if (const auto ds = o.find("task_density")) {
    const std::size_t n = ds->array_size();
    for (std::size_t i = 0; i < n; ++i) {
      const node r = (*ds)[i];
      require_object(r);
      d.density.push_back({opt_string(r, "service"), opt_string(r, "instance_type"), opt_string(r, "binds"),
                           opt_number(r, "tasks_per_instance"), opt_number(r, "without_eni_limit"),
                           opt_number(r, "with_trunking")});
    }
  }
  return d;
}

break_even_data read_break_even(const node& be) {
  require_object(be);
  break_even_data d;
  const node sc = be.at("scale");
  const std::size_t n = sc.array_size(false);
  for (std::size_t i = 0; i < n; ++i) d.scale.push_back(sc[i].number(0, 1e12));
  const node mc = be.at("mean_cost");
  require_object(mc);
  for (const auto& [k, _] : mc.value().items()) {
    const node series = mc.at(k);
    if (series.array_size() != n)
      series.fail(errid::wrong_type, std::to_string(series.value().size()) +
                                         " values; expected one per scale (" + std::to_string(n) +
                                         ")");
    std::vector<double> ys;
    for (std::size_t i = 0; i < n; ++i) ys.push_back(num_or_null(series[i]));
    d.mean_cost.emplace_back(k, std::move(ys));
  }
  if (const auto cs = be.find("crossings"); cs && !cs->value().is_null()) {
    const std::size_t m = cs->array_size();
    for (std::size_t i = 0; i < m; ++i) {
      const node c = (*cs)[i];
      require_object(c);
      d.crossings.push_back({c.at("a").string(), c.at("b").string(), num_or_null(c.at("scale"))});
    }
  }
  if (const auto ps = be.find("pairs"); ps && !ps->value().is_null()) {  // absent before pairs were written
    const std::size_t m = ps->array_size();
    for (std::size_t i = 0; i < m; ++i) {
      const node p = (*ps)[i];
      require_object(p);
      mc::break_even_pair pair;
      pair.a = p.at("a").string();
      pair.b = p.at("b").string();
      pair.kind = p.at("kind").string();
      const node xs = p.at("crossings");
      const std::size_t nx = xs.array_size();
      for (std::size_t k = 0; k < nx; ++k) pair.crossings.push_back(xs[k].number(0, 1e12));
      if (const auto ct = p.find("cheaper_throughout"); ct && !ct->value().is_null()) pair.cheaper_throughout = ct->string();
      if (const auto run = p.find("mean_running_at_1"); run && !run->value().is_null()) {
        require_object(*run);
        for (const auto& [service, _] : run->value().items())
          pair.tasks_at_baseline.emplace_back(service, run->at(service).number(0, 1e12));
      }
      if (const auto u = p.find("unit"); u && !u->value().is_null()) pair.task_word = u->string();
      d.pairs.push_back(std::move(pair));
    }
  }
  return d;
}

monthly_cost read_monthly(const node& n) {
  require_object(n);
  monthly_cost m;
  m.mean = opt_number(n, "mean");
  if (const auto ci = n.find("ci95")) read_pair(*ci, m.ci95_lo, m.ci95_hi);
  m.p50 = opt_number(n, "p50");
  m.p90 = opt_number(n, "p90");
  m.p95 = opt_number(n, "p95");
  m.p99 = opt_number(n, "p99");
  return m;
}

std::vector<std::string> read_strings(const node& obj, std::string_view key) {
  std::vector<std::string> out;
  if (const auto a = obj.find(key); a && !a->value().is_null()) {
    const std::size_t n = a->array_size();
    for (std::size_t i = 0; i < n; ++i) out.push_back((*a)[i].string());
  }
  return out;
}

/// The digest keys of a simulate result (written with `per_month`).
run_digest read_digest(const node& root, const node& pm) {
  require_object(pm);
  run_digest g;
  g.horizon_hours = opt_number(pm, "horizon_hours");
  g.per_month_factor = opt_number(pm, "factor");
  const node opts = root.at("options");
  const std::size_t n = opts.array_size(false);
  for (std::size_t i = 0; i < n; ++i) {
    const node o = opts[i];
    require_object(o);
    option_digest x;
    x.name = o.at("name").string();
    if (const auto c = o.find("cost_per_month"); c && !c->value().is_null()) x.cost = read_monthly(*c);
    x.utilisation = o.has("utilisation") && !o.at("utilisation").value().is_null() ? read_summary(o.at("utilisation")).mean : nan;
    x.idle_usd_per_month = opt_number(o, "idle_per_month");
    if (const auto a = o.find("allocation_per_month"); a && !a->value().is_null()) {
      require_object(*a);
      for (const auto& [k, _] : a->value().items()) x.split.push_back({k, num_or_null(a->at(k))});
    }
    if (const auto cs = o.find("constraints"); cs && !cs->value().is_null()) {
      const std::size_t m = cs->array_size();
      for (std::size_t j = 0; j < m; ++j) {
        const node c = (*cs)[j];
        require_object(c);
        cost_constraint k;
        k.kind = opt_string(c, "kind");
        k.sentence = opt_string(c, "sentence");
        k.saving_usd_per_month = opt_number(c, "saving_per_month");
        if (const auto ci = c.find("saving_per_month_ci95")) read_pair(*ci, k.saving_ci95_lo, k.saving_ci95_hi);
        x.constraints.push_back(std::move(k));
      }
    }
    x.unconfirmed_prices = read_strings(o, "unconfirmed_prices");
    g.options.push_back(std::move(x));
  }
  if (const auto v = root.find("verdict"); v && !v->value().is_null()) {
    require_object(*v);
    cost_verdict c;
    c.cheapest = opt_string(*v, "cheapest");
    c.runner_up = opt_string(*v, "runner_up");
    c.cheapest_usd_per_month = opt_number(*v, "cheapest_per_month");
    c.difference_usd_per_month = opt_number(*v, "difference_per_month");
    if (const auto ci = v->find("difference_per_month_ci95")) read_pair(*ci, c.difference_ci95_lo, c.difference_ci95_hi);
    c.difference_percent = opt_number(*v, "difference_percent");
    c.prob_cheaper = opt_number(*v, "prob_cheaper");
    if (const auto ci = v->find("prob_cheaper_ci95")) read_pair(*ci, c.prob_cheaper_lo, c.prob_cheaper_hi);
    if (const auto b = v->find("within_simulation_noise"); b && !b->value().is_null()) c.within_simulation_noise = b->boolean();
    if (const auto b = v->find("within_price_noise"); b && !b->value().is_null()) c.within_price_noise = b->boolean();
    c.unconfirmed_prices = read_strings(*v, "unconfirmed_prices");
    g.verdict = std::move(c);
  }
  if (const auto ab = root.find("actuals_baseline"); ab && !ab->value().is_null()) {  // fleetcast actuals --scenario
    require_object(*ab);
    bill_comparison b;
    b.paid_usd = opt_number(*ab, "paid_usd");
    b.hours = opt_number(*ab, "hours");
    b.first_hour = opt_string(*ab, "first_hour");
    b.paid_usd_per_month = opt_number(*ab, "paid_per_month");
    b.at_catalog_usd_per_month = opt_number(*ab, "at_catalog_per_month");
    b.as_is_option = opt_string(*ab, "as_is_option");
    b.description = opt_string(*ab, "as_is_description");
    b.as_is_usd_per_month = opt_number(*ab, "as_is_per_month");
    b.tolerance_usd_per_month = opt_number(*ab, "tolerance_per_month");
    if (const double h = opt_number(*ab, "as_is_ci95_half_per_month"); std::isfinite(h)) b.as_is_ci95_half_usd_per_month = h;
    if (const auto w = ab->find("as_is_within_tolerance"); w && !w->value().is_null()) b.as_is_within_tolerance = w->boolean();
    if (const auto rows = ab->find("options"); rows && !rows->value().is_null()) {
      for (std::size_t j = 0, m = rows->array_size(); j < m; ++j) {
        const node r = (*rows)[j];
        require_object(r);
        bill_comparison::row x;
        x.option = opt_string(r, "option");
        x.mean = opt_number(r, "per_month");
        if (const auto rg = r.find("range95_per_month")) read_pair(*rg, x.lo, x.hi);
        b.options.push_back(std::move(x));
      }
    }
    b.notes = read_strings(*ab, "notes");
    g.bill = std::move(b);
  }
  if (const auto ng = root.find("not_generated"); ng && !ng->value().is_null()) {
    const std::size_t m = ng->array_size();
    for (std::size_t j = 0; j < m; ++j) {
      const node e = (*ng)[j];
      require_object(e);
      g.impossible.push_back({opt_string(e, "option"), opt_string(e, "reason")});
    }
  }
  return g;
}

sim_data read_simulate(const node& root) {
  sim_data d;
  d.scenario = opt_string(root, "scenario");
  d.scenarios = opt_number(root, "scenarios");
  d.seed = opt_number_text(root, "seed");
  d.block_size = opt_number(root, "block_size");
  d.horizon_days = opt_number(root, "horizon_days");
  d.quantiles = opt_string(root, "quantiles");
  d.baseline = opt_string(root, "baseline");
  d.profile = opt_string(root, "profile");
  if (const auto s = root.find("stopping"); s && !s->value().is_null()) {
    require_object(*s);
    d.target_rel_ci = opt_number(*s, "target_rel_ci");
    d.worst_rel_ci = opt_number(*s, "worst_rel_ci");
    if (const auto m = s->find("target_met"); m && !m->value().is_null())
      d.target_met = m->boolean();
  }
  d.demand = opt_summary(root, "demand_task_seconds");
  if (const auto pm = root.find("per_month"); pm && !pm->value().is_null()) d.digest = read_digest(root, *pm);
  if (const auto t = root.find("timing"); t && !t->value().is_null()) {
    require_object(*t);
    d.wall_seconds = opt_number(*t, "wall_seconds");
    d.threads = opt_number(*t, "threads");
  }
  const node opts = root.at("options");
  const std::size_t n = opts.array_size(false);
  for (std::size_t i = 0; i < n; ++i) d.options.push_back(read_option(opts[i], root));
  if (const auto be = root.find("break_even"); be && !be->value().is_null())
    d.break_even = read_break_even(*be);
  return d;
}

heuristic_row read_heuristic(const node& h) {
  require_object(h);
  heuristic_row r;
  r.name = h.at("heuristic").string();
  r.status = opt_string(h, "status");
  r.cpu_unit = opt_string(h, "cpu_unit");
  r.bins = num_or_null(h.at("bins_used"));
  r.cost_per_hour = num_or_null(h.at("cost_per_hour"));
  r.lb_bins = opt_number(h, "lower_bound_bins");
  r.lb_cost = opt_number(h, "lower_bound_cost_per_hour");
  r.gap_cost = opt_number(h, "gap_cost");
  r.seconds = opt_number(h, "seconds");
  if (const auto u = h.find("unplaced")) {
    const std::size_t n = u->array_size();
    for (std::size_t i = 0; i < n; ++i) {
      const node e = (*u)[i];
      require_object(e);
      const double c = opt_number(e, "count");
      if (std::isfinite(c)) r.unplaced += c;
    }
  }
  return r;
}

// ------------------------------------------------------------------------------------------
// Text and number formatting.

/// HTML/XML escaping for text and attribute values alike.
std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// At most `max` characters (code points) of UTF-8 text, with "…" when cut: SVG text does not
/// wrap, so long option names are shortened in charts (the tables give them in full).
std::string clip(std::string_view s, std::size_t max) {
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max) break;
    ++chars;
  }
  if (i >= s.size()) return std::string(s);
  std::size_t cut = i;
  // Leave room for the ellipsis: drop the last whole character.
  do --cut;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80);
  return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
}

constexpr const char* minus = "\xE2\x88\x92";  // U+2212, the typographic minus
constexpr const char* dash = "\xE2\x80\x94";   // U+2014, for a value that does not exist

/// Fixed-point with thousands separators and a typographic minus: −1,234.5678.
std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return dash;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits = buf;
  const std::size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot),
              frac = dot == std::string::npos ? "" : digits.substr(dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  const bool negative = v < 0 && std::strtod(buf, nullptr) != 0.0;  // no "−0.0000"
  return (negative ? std::string(minus) : std::string()) + grouped + frac;
}

int usd_decimals(double v) {
  return std::fabs(v) >= 100 ? 2 : 4;
}

/// US dollars: $1,234.56 from 100 up, $2.0486 below (a one-day scenario costs a few dollars).
std::string usd(double v, int decimals = -1) {
  if (!std::isfinite(v)) return dash;
  if (decimals < 0) decimals = usd_decimals(v);
  const std::string f = fixed(std::fabs(v), decimals);
  return (v < 0 && f.find_first_not_of("0.,") != std::string::npos ? std::string(minus) : "") +
         "$" + f;
}

/// A signed amount: +$2.7272, −$0.3998.
std::string signed_usd(double v) {
  if (!std::isfinite(v)) return dash;
  const std::string s = usd(v);
  return s.rfind(minus, 0) == 0 ? s : "+" + s;
}

std::string percent(double share, int decimals = 1) {
  if (!std::isfinite(share)) return dash;
  return fixed(100 * share, decimals) + "\xC2\xA0%";  // non-breaking space before %
}

/// A count or mean of counts: whole numbers without decimals.
std::string amount(double v, int decimals = 2) {
  if (!std::isfinite(v)) return dash;
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fixed(v, 0);
  return fixed(v, decimals);
}

/// An SVG coordinate.
std::string xy(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string days_text(double d) {
  if (!std::isfinite(d)) return dash;
  return amount(d, 2) + (d == 1 ? " day" : " days");
}

// ------------------------------------------------------------------------------------------
// Chart building blocks.

/// Okabe–Ito, the colour-blind-safe palette (black left out: it is the colour of axes and
/// markers); the yellow comes last because it is faint on white.
constexpr const char* palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                   "#56B4E9", "#D55E00", "#F0E442"};
constexpr std::size_t palette_size = sizeof palette / sizeof palette[0];

const char* colour(std::size_t i) {
  return palette[i % palette_size];
}

/// Beyond the palette, lines are told apart by their dash pattern too.
std::string dash_attr(std::size_t i) {
  static constexpr const char* dashes[] = {"", "7 3", "2 2", "9 3 2 3"};
  const char* d = dashes[(i / palette_size) % 4];
  return *d ? std::string(" stroke-dasharray=\"") + d + "\"" : std::string();
}

/// Tick positions at 1, 2 or 5 × 10^k; widens [lo, hi] to whole ticks.
struct ticks {
  double lo, hi, step;
  std::vector<double> at;
};

ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= 1e-12 * std::max(1.0, std::fabs(hi))) {
    const double pad = lo == 0 ? 1.0 : std::fabs(lo) * 0.05;
    lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  const double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
  ticks t;
  t.step = step;
  const double k0 = std::floor(lo / step + 1e-9), k1 = std::ceil(hi / step - 1e-9);
  t.lo = k0 * step;
  t.hi = k1 * step;
  for (double k = k0; k <= k1 + 0.5; ++k) {
    const double v = k * step;
    t.at.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  return t;
}

/// Decimals that tell ticks `step` apart.
int tick_decimals(double step) {
  return std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
}

std::string usd_tick(double v, double step) {
  const int d = tick_decimals(step);
  const std::string f = fixed(std::fabs(v), d);
  return (v < 0 ? std::string(minus) : "") + "$" + f;
}

/// Maps [d0, d1] onto [r0, r1].
struct linear {
  double d0, d1, r0, r1;
  double operator()(double v) const {
    return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) / (d1 - d0) * (r1 - r0);
  }
};

/// One inline SVG chart: <title> and <desc> first, referenced by aria-labelledby.
class svg {
 public:
  svg(std::string id, double width, double height, std::string_view title, std::string_view desc)
      : id_(std::move(id)) {
    // No xmlns: the HTML parser puts inline <svg> in the SVG namespace, and the report
    // carries no URL at all.
    s_ += "<svg id=\"" + id_ + "\" class=\"chart\"";
    s_ += " viewBox=\"0 0 " + xy(width) + " " + xy(height) + "\" width=\"" + xy(width) +
          "\" height=\"" + xy(height) + "\" role=\"img\" aria-labelledby=\"" + id_ + "-title " +
          id_ + "-desc\">\n";
    s_ += "<title id=\"" + id_ + "-title\">" + esc(title) + "</title>\n";
    s_ += "<desc id=\"" + id_ + "-desc\">" + esc(desc) + "</desc>\n";
  }
  void line(double x1, double y1, double x2, double y2, std::string_view cls,
            std::string_view extra = {}) {
    s_ += "<line class=\"" + std::string(cls) + "\" x1=\"" + xy(x1) + "\" y1=\"" + xy(y1) +
          "\" x2=\"" + xy(x2) + "\" y2=\"" + xy(y2) + "\"" + std::string(extra) + "/>\n";
  }
  /// `tip` (plain text) becomes a native tooltip: no script needed.
  void rect(double x, double y, double w, double h, std::string_view fill, std::string_view tip,
            std::string_view cls = {}) {
    s_ += "<rect";
    if (!cls.empty()) s_ += " class=\"" + std::string(cls) + "\"";
    s_ += " x=\"" + xy(x) + "\" y=\"" + xy(y) + "\" width=\"" + xy(std::max(0.0, w)) +
          "\" height=\"" + xy(std::max(0.0, h)) + "\" fill=\"" + std::string(fill) + "\"";
    if (tip.empty()) {
      s_ += "/>\n";
    } else {
      s_ += "><title>" + esc(tip) + "</title></rect>\n";
    }
  }
  /// `text` is plain text (escaped here).
  void text(double x, double y, std::string_view text, std::string_view cls,
            std::string_view anchor = "start", std::string_view extra = {}) {
    s_ += "<text class=\"" + std::string(cls) + "\" x=\"" + xy(x) + "\" y=\"" + xy(y) + "\"";
    if (anchor != "start") s_ += " text-anchor=\"" + std::string(anchor) + "\"";
    s_ += std::string(extra) + ">" + esc(text) + "</text>\n";
  }
  void raw(std::string_view s) { s_ += s; }
  [[nodiscard]] std::string finish() { return s_ + "</svg>\n"; }

 private:
  std::string id_;
  std::string s_;
};

/// A horizontal value axis at `y` with grid lines up to `top`.
void x_axis(svg& g, const linear& x, const ticks& t, double y, double top, bool money,
            std::string_view title) {
  for (double v : t.at) {
    const double px = x(v);
    if (top < y) g.line(px, top, px, y, "grid");
    g.line(px, y, px, y + 4, "axis");
    g.text(px, y + 15, money ? usd_tick(v, t.step) : fixed(v, tick_decimals(t.step)), "tick",
           "middle");
  }
  g.line(x(t.lo), y, x(t.hi), y, "axis");
  if (!title.empty()) g.text((x(t.lo) + x(t.hi)) / 2, y + 30, title, "axis-title", "middle");
}

// ------------------------------------------------------------------------------------------
// Histogram re-binning.

struct bar {
  double lo, hi, share;  ///< share of all trials, 0..1
};

/// Spreads the result's cost bins over at most `max_bars` equal bars between the smallest and
/// largest cost, each bin's count spread evenly over its width. The bins are 36 equal ones from
/// min to max when the run kept every cost (exact percentiles), else the log histogram's buckets
/// (0.1 % wide; 1 % in older results). Fewer bars when the data span fewer bins, so that no bar
/// is narrower than a bin.
std::vector<bar> rebin(const option_data& o, std::size_t max_bars) {
  double total = 0;
  for (const auto& b : o.histogram) total += b.count;
  if (o.histogram.empty() || total <= 0) return {};
  double a = o.histogram.front().lo, z = o.histogram.back().hi;
  if (std::isfinite(o.cost.min) && std::isfinite(o.cost.max) && o.cost.min <= o.cost.max) {
    a = std::max(a, o.cost.min);
    z = std::min(z, o.cost.max);
  }
  if (!(z > a)) return {{a, a, 1.0}};
  double widest = 0;
  for (const auto& b : o.histogram)
    if (b.hi - b.lo > 1e-8) widest = std::max(widest, b.hi - b.lo);
  const double span = widest > 0 ? std::ceil((z - a) / widest - 1e-9) : 1.0;
  const std::size_t n = static_cast<std::size_t>(std::clamp(span, 1.0, double(max_bars)));
  const double w = (z - a) / double(n);
  std::vector<bar> bars(n);
  for (std::size_t k = 0; k < n; ++k) bars[k] = {a + double(k) * w, a + double(k + 1) * w, 0};
  for (const auto& b : o.histogram) {
    const double lo = std::clamp(b.lo, a, z), hi = std::clamp(b.hi, a, z);
    const auto bin = [&](double v) {
      return std::min(n - 1, std::size_t(std::max(0.0, (v - a) / w)));
    };
    if (!(hi > lo)) {
      bars[bin(lo)].share += b.count / total;
      continue;
    }
    for (std::size_t k = bin(lo); k <= bin(hi); ++k) {
      const double overlap = std::min(hi, bars[k].hi) - std::max(lo, bars[k].lo);
      if (overlap > 0) bars[k].share += b.count / total * overlap / (hi - lo);
    }
  }
  return bars;
}

/// The cumulative share at each bucket edge, clipped to [min, max] as above.
std::vector<std::pair<double, double>> cdf_points(const option_data& o) {
  double total = 0;
  for (const auto& b : o.histogram) total += b.count;
  std::vector<std::pair<double, double>> pts;
  if (o.histogram.empty() || total <= 0) return pts;
  const bool clip_range = std::isfinite(o.cost.min) && std::isfinite(o.cost.max);
  double cum = 0;
  for (const auto& b : o.histogram) {
    double lo = b.lo, hi = b.hi;
    if (clip_range) {
      lo = std::clamp(lo, o.cost.min, o.cost.max);
      hi = std::clamp(hi, o.cost.min, o.cost.max);
    }
    pts.emplace_back(lo, cum);
    cum += b.count / total;
    pts.emplace_back(hi, std::min(1.0, cum));
  }
  return pts;
}

// ------------------------------------------------------------------------------------------
// The page.

constexpr std::string_view stylesheet = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; background: #fff; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 34px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
h3 { font-size: 1em; margin: 18px 0 6px; }
p { margin: 6px 0; }
.lede { color: #444; margin-bottom: 14px; }
.note { color: #555; font-size: 0.88em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; margin: 8px 0; font-size: 0.92em; }
.facts dt { color: #555; }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; margin: 10px 0; }
.card { border: 1px solid #ddd; border-top-width: 5px; border-radius: 4px; padding: 8px 12px; font-variant-numeric: tabular-nums; break-inside: avoid; }
.card .name { font-weight: 600; overflow-wrap: anywhere; }
.card .big { font-size: 1.45em; font-weight: 600; }
.card .small { font-size: 0.85em; color: #444; }
.badge { display: inline-block; font-size: 0.75em; padding: 0 6px; border-radius: 8px; background: #e6f2ea; color: #0b5a2c; margin-left: 4px; }
.row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.row > figure { flex: 1 1 440px; }
figure { margin: 8px 0; }
figcaption { font-size: 0.85em; color: #444; margin-top: 4px; }
svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.82em; font-variant-numeric: tabular-nums; margin: 6px 0; }
th, td { padding: 3px 6px; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
thead th { border-bottom: 2px solid #999; text-align: right; vertical-align: bottom; }
thead th:first-child, tbody th { text-align: left; }
tbody th { font-weight: 600; white-space: nowrap; }
tbody th.long { white-space: normal; overflow-wrap: anywhere; min-width: 14em; }
td.num { text-align: right; white-space: nowrap; }
td.text { text-align: left; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.absent { padding: 10px 14px; background: #f6f6f6; border-left: 4px solid #bbb; color: #444; }
.grid { stroke: #e4e4e4; stroke-width: 1; }
.axis { stroke: #333; stroke-width: 1; }
.zero { stroke: #000; stroke-width: 1.3; }
.tick { font-size: 11px; fill: #444; }
.axis-title { font-size: 12px; fill: #222; }
.label { font-size: 12px; fill: #1b1b1b; }
.value { font-size: 11px; fill: #333; }
.panel-title { font-size: 12px; font-weight: 600; }
.halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.q50 { stroke: #000; stroke-width: 1.4; }
.q90 { stroke: #000; stroke-width: 1.4; stroke-dasharray: 5 3; }
.q95 { stroke: #000; stroke-width: 1.4; stroke-dasharray: 1.5 2.5; }
.lb { stroke: #D55E00; stroke-width: 1.6; stroke-dasharray: 6 3; }
.guide { stroke: #999; stroke-width: 1; stroke-dasharray: 3 3; }
.series { fill: none; stroke-width: 2; stroke-linejoin: round; }
.whisker { stroke-width: 2; }
footer { margin-top: 40px; font-size: 0.8em; color: #666; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  section, figure, table, .card { break-inside: avoid; }
  h2 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9px; }
}
)css";

std::string page_head(std::string_view title) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<meta name=\"generator\" content=\"fleetcast\">\n";
  s += "<title>" + esc(title) + "</title>\n<style>";
  s += stylesheet;
  s += "</style>\n</head>\n<body>\n<main>\n";
  return s;
}

std::string page_foot(std::string_view source) {
  return "<footer>Generated by fleetcast from " + esc(source) +
         ". This file is self-contained: no script, font or image is loaded from anywhere."
         "</footer>\n</main>\n</body>\n</html>\n";
}

std::string fact(std::string_view name, std::string_view value_html) {
  return "<dt>" + std::string(name) + "</dt><dd>" + std::string(value_html) + "</dd>\n";
}

std::string th(std::string_view text, std::string_view title = {}) {
  std::string s = "<th scope=\"col\"";
  if (!title.empty()) s += " title=\"" + esc(title) + "\"";
  return s + ">" + std::string(text) + "</th>";
}
std::string td(std::string_view html) {
  return "<td class=\"num\">" + std::string(html) + "</td>";
}
std::string row_head(std::string_view name, std::size_t colour_index) {
  // Names stay on one line unless they are long enough to push the numbers off the page.
  return std::string("<th scope=\"row\"") + (name.size() > 28 ? " class=\"long\"" : "") +
         "><span class=\"swatch\" style=\"background:" + std::string(colour(colour_index)) +
         "\"></span>" + esc(name) + "</th>";
}

// ------------------------------------------------------------------------------------------
// Simulate report sections.

bool has_cost(const option_data& o) {
  return std::isfinite(o.cost.mean);
}

std::string quantile_method(const std::string& q) {
  if (q == "exact") return "exact order statistics of all trials";
  if (q == "log_histogram_0.05pct") return "log histogram, within 0.05\xC2\xA0% of the exact value";
  if (q == "log_histogram_0.5pct") return "log histogram, within 0.5\xC2\xA0% of the exact value";
  return q.empty() ? std::string(dash) : esc(q);
}

std::string run_facts(const sim_data& d, std::string_view source) {
  std::string s = "<section id=\"run\">\n<h2>Run</h2>\n<dl class=\"facts\" id=\"run-facts\">\n";
  s += fact("Scenario", d.scenario.empty() ? dash : esc(d.scenario));
  s += fact("Trials", amount(d.scenarios));
  s += fact("Seed", d.seed.empty() ? dash : esc(d.seed));
  s += fact("Horizon", days_text(d.horizon_days) + " per trial");
  s += fact("Quantiles", quantile_method(d.quantiles));
  s += fact("Baseline", d.baseline.empty() ? dash : esc(d.baseline));
  if (!d.profile.empty()) s += fact("Profile", esc(d.profile));
  if (std::isfinite(d.block_size)) s += fact("Block size", amount(d.block_size));
  if (std::isfinite(d.target_rel_ci))
    s += fact("Stopping rule", "relative 95\xC2\xA0% CI half-width \xE2\x89\xA4 " +
                                   fixed(d.target_rel_ci, 4) + ": " +
                                   (d.target_met.value_or(false) ? "met" : "not met") + " (worst " +
                                   fixed(d.worst_rel_ci, 5) + ")");
  if (d.demand)
    s += fact("Demand", amount(d.demand->mean, 0) + " task-seconds per trial (mean)");
  if (std::isfinite(d.wall_seconds))
    s += fact("Run time", fixed(d.wall_seconds, 2) + " s on " + amount(d.threads) + " thread(s)");
  s += fact("Source", esc(source));
  s += "</dl>\n";
  s += "<p class=\"note\">Every figure is the cost of one simulated trial of " +
       days_text(d.horizon_days) +
       ", in US dollars at the price catalog's rates; commitment (Savings Plan, Reserved "
       "Instance) charges are counted hour by hour as they accrue, i.e. amortized. All options "
       "see the same demand, latencies and interruptions in each trial (common random "
       "numbers).</p>\n</section>\n";
  return s;
}

std::string headline(const sim_data& d) {
  std::size_t cheapest = d.options.size();
  for (std::size_t i = 0; i < d.options.size(); ++i)
    if (has_cost(d.options[i]) &&
        (cheapest == d.options.size() || d.options[i].cost.mean < d.options[cheapest].cost.mean))
      cheapest = i;
  const double h = d.horizon_days;
  const bool scale = std::isfinite(h) && h > 0;
  std::string s = "<section id=\"summary\">\n<h2>Headline figures</h2>\n<div class=\"cards\">\n";
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    s += "<div class=\"card\" style=\"border-top-color:" + std::string(colour(i)) + "\">";
    s += "<div class=\"name\">" + esc(o.name);
    if (i == cheapest) {
      const bool noise = d.digest && d.digest->verdict &&
                         (d.digest->verdict->within_simulation_noise || d.digest->verdict->within_price_noise);
      s += std::string("<span class=\"badge\">") + (noise ? "lowest mean, within the noise" : "lowest expected cost") + "</span>";
    }
    if (o.name == d.baseline) s += "<span class=\"badge\">baseline</span>";
    s += "</div>";
    const option_digest* m = d.digest && i < d.digest->options.size() ? &d.digest->options[i] : nullptr;
    if (m && std::isfinite(m->cost.mean)) {  // the monthly figure first, the per-trial one below
      s += "<div class=\"big\">" + usd(m->cost.mean, 2) + "</div>";
      s += "<div class=\"small\">expected cost per 730-hour month (USD, amortized)</div>";
      s += "<div class=\"small\">" + usd(o.cost.mean) + " per trial of " + days_text(d.horizon_days) + "</div>";
    } else {
      s += "<div class=\"big\">" + usd(o.cost.mean) + "</div>";
      s += "<div class=\"small\">expected cost per trial (USD, amortized)</div>";
    }
    const bool monthly = m && std::isfinite(m->cost.mean);
    const double p50 = monthly ? m->cost.p50 : o.cost.p50, p90 = monthly ? m->cost.p90 : o.cost.p90,
                 p95 = monthly ? m->cost.p95 : o.cost.p95;
    const int dp = monthly ? 2 : -1;
    s += "<div class=\"small\">P50 " + usd(p50, dp) + " \xC2\xB7 P90 " + usd(p90, dp) + " \xC2\xB7 P95 " + usd(p95, dp) +
         (monthly ? " per month" : "") + "</div>";
    s += "<div class=\"small\">risk buffer P95\xE2\x88\x92P50 " + usd(p95 - p50, dp) + "</div>";
    if (scale && monthly)
      s += "<div class=\"small\">\xE2\x89\x88 " + usd(o.cost.mean * 365.0 / h, 2) + " per year</div>";
    else if (scale)
      s += "<div class=\"small\">\xE2\x89\x88 " + usd(o.cost.mean * 730.0 / (24.0 * h), 2) +
           " per 730-hour month \xC2\xB7 " + usd(o.cost.mean * 365.0 / h, 2) + " per year</div>";
    s += "</div>\n";
  }
  s += "</div>\n<p class=\"note\">Monthly and yearly figures scale the mean cost of a "
       "trial (" +
       days_text(h) +
       ") linearly (730 hours a month, as AWS's calculators do; 365 days a year): "
       "they hold only if the horizon is representative. No budget is given in the result, "
       "so no probability of overrun is shown.</p>\n</section>\n";
  return s;
}

std::string histogram_chart(const sim_data& d) {
  constexpr double width = 520, left = 52, right = 14, panel_h = 118, head = 28;
  const double height = head + panel_h * double(d.options.size()) + 22;
  std::string desc =
      "Histogram of the cost per trial for each option, one panel each, with "
      "vertical lines at P50 (solid), P90 (dashed) and P95 (dotted).";
  for (const auto& o : d.options)
    desc += " " + o.name + ": P50 " + usd(o.cost.p50) + ", P90 " + usd(o.cost.p90) + ", P95 " +
            usd(o.cost.p95) + ".";
  svg g("cost-histogram", width, height, "Distribution of cost per trial", desc);
  // The line legend, once for all panels.
  g.line(left, 12, left + 22, 12, "q50");
  g.text(left + 26, 16, "P50", "tick");
  g.line(left + 62, 12, left + 84, 12, "q90");
  g.text(left + 88, 16, "P90", "tick");
  g.line(left + 124, 12, left + 146, 12, "q95");
  g.text(left + 150, 16, "P95", "tick");
  g.text(width - right, 16, "bar height: % of trials", "tick", "end");
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    const double y0 = head + panel_h * double(i), top = y0 + 20, bottom = y0 + 82;
    g.text(left, y0 + 12, clip(o.name, 36) + "  (mean " + usd(o.cost.mean) + ")", "panel-title",
           "start", std::string(" fill=\"") + colour(i) + "\"");
    const std::vector<bar> bars = rebin(o, 36);
    if (bars.empty()) {
      g.text(left, top + 30, "no histogram in this result", "value");
      continue;
    }
    const ticks tx = nice_ticks(bars.front().lo, bars.back().hi, 4);
    const linear x{tx.lo, tx.hi, left, width - right};
    double peak = 0;
    for (const auto& b : bars) peak = std::max(peak, b.share);
    const ticks ty = nice_ticks(0, peak, 2);
    const linear y{0, ty.hi, bottom, top};
    for (double v : ty.at) {
      g.line(left, y(v), width - right, y(v), "grid");
      g.text(left - 4, y(v) + 4, fixed(100 * v, tick_decimals(100 * ty.step)) + "%", "tick", "end");
    }
    for (const auto& b : bars) {
      double x0 = x(b.lo), x1 = x(b.hi);
      if (x1 - x0 < 3) x0 = (x0 + x1) / 2 - 1.5, x1 = x0 + 3;  // a single value: a thin bar
      g.rect(x0 + 0.4, y(b.share), x1 - x0 - 0.8, bottom - y(b.share), colour(i),
             usd(b.lo) + " to " + usd(b.hi) + ": " + percent(b.share) + " of trials");
    }
    x_axis(g, x, tx, bottom, bottom, true, {});
    const std::pair<double, const char*> qs[] = {
        {o.cost.p50, "q50"}, {o.cost.p90, "q90"}, {o.cost.p95, "q95"}};
    for (std::size_t k = 0; k < 3; ++k) {
      const double v = qs[k].first;
      if (!std::isfinite(v)) continue;
      const double px = x(v);
      g.line(px, top - 4, px, bottom, qs[k].second);
      // Staggered so that equal percentiles (P90 = P95 is common) keep readable labels.
      const bool right_side = px < width - right - 40;
      g.text(right_side ? px + 3 : px - 3, top + 6 + 10 * double(k),
             std::string(k == 0   ? "P50"
                         : k == 1 ? "P90"
                                  : "P95"),
             "value halo", right_side ? "start" : "end");
    }
  }
  g.text((left + width - right) / 2, height - 4, "cost per trial (USD)", "axis-title", "middle");
  return g.finish();
}

std::string cdf_chart(const sim_data& d) {
  constexpr double width = 520, left = 52, right = 16, top = 14, bottom = 292;
  const std::size_t legend_rows = (d.options.size() + 1) / 2;
  const double height = bottom + 44 + 18 * double(legend_rows);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::vector<std::vector<std::pair<double, double>>> pts;
  for (const auto& o : d.options) {
    pts.push_back(cdf_points(o));
    for (const auto& [v, _] : pts.back()) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  std::string desc =
      "Cumulative distribution of the cost per trial, all options on one axis: "
      "the height of a line at cost X is the share of trials that cost X or "
      "less; one minus it is the chance of exceeding X.";
  svg g("cost-cdf", width, height, "Cumulative distribution of cost per trial", desc);
  const ticks tx = nice_ticks(lo, hi, 6);
  const linear x{tx.lo, tx.hi, left, width - right};
  const linear y{0, 1, bottom, top};
  for (double v : {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}) {
    g.line(left, y(v), width - right, y(v), "grid");
    g.text(left - 4, y(v) + 4, fixed(100 * v, 0) + "%", "tick", "end");
  }
  for (double v : {0.5, 0.9, 0.95}) {
    g.line(left, y(v), width - right, y(v), "guide");
    g.text(width - right - 2, y(v) - 3, "P" + fixed(100 * v, 0), "value halo", "end");
  }
  x_axis(g, x, tx, bottom, bottom, true, "cost per trial (USD)");
  g.line(left, top, left, bottom, "axis");
  g.text(14, (top + bottom) / 2, "share of trials \xE2\x89\xA4 cost", "axis-title", "middle",
         " transform=\"rotate(-90 14 " + xy((top + bottom) / 2) + ")\"");
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    if (pts[i].empty()) continue;
    std::string p = xy(x(tx.lo)) + "," + xy(y(0));
    for (const auto& [v, c] : pts[i]) p += " " + xy(x(v)) + "," + xy(y(c));
    p += " " + xy(x(tx.hi)) + "," + xy(y(1));
    const auto& o = d.options[i];
    g.raw("<polyline class=\"series\" stroke=\"" + std::string(colour(i)) + "\"" + dash_attr(i) +
          " points=\"" + p + "\"><title>" +
          esc(o.name + ": P50 " + usd(o.cost.p50) + ", P90 " + usd(o.cost.p90) + ", P95 " +
              usd(o.cost.p95)) +
          "</title></polyline>\n");
  }
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const double lx = left + (i % 2) * 232.0, ly = bottom + 48 + 18 * double(i / 2);
    g.raw("<line class=\"series\" stroke=\"" + std::string(colour(i)) + "\"" + dash_attr(i) +
          " x1=\"" + xy(lx) + "\" y1=\"" + xy(ly - 4) + "\" x2=\"" + xy(lx + 22) + "\" y2=\"" +
          xy(ly - 4) + "\"/>\n");
    g.text(lx + 28, ly, clip(d.options[i].name, 26), "label");
  }
  return g.finish();
}

std::string distribution_section(const sim_data& d) {
  std::string s = "<section id=\"distribution\">\n<h2>Distribution of cost per trial</h2>\n";
  s += "<div class=\"row\">\n<figure>\n" + histogram_chart(d) +
       "<figcaption>Histogram per option (its own cost axis, from its cheapest to its costliest "
       "trial): 36 equal bars counted from every trial's cost, or, past 1,000,000 "
       "trials, the log histogram's 0.1\xC2\xA0% buckets re-binned to at most 36 bars; hover "
       "a bar for its range.</figcaption>\n</figure>\n";
  s += "<figure>\n" + cdf_chart(d) +
       "<figcaption>CDF, all options on one cost axis: read off the chance that a trial "
       "costs more than a given amount.</figcaption>\n</figure>\n</div>\n</section>\n";
  return s;
}

std::string percentile_section(const sim_data& d) {
  std::string s = "<section id=\"percentiles\">\n<h2>Percentiles of cost per trial (USD)</h2>\n";
  s += "<div class=\"table-wrap\"><table id=\"percentile-table\">\n<thead><tr>" + th("Option") +
       th("Mean &plusmn; 95&nbsp;% CI",
          "mean cost per trial and the half-width of its Student-t 95 % interval") +
       th("Std dev") + th("P50") + th("P90") + th("P95") + th("P99") +
       th("CVaR95", "mean of the costliest 5 % of trials") + th("Min") + th("Max") +
       th("Unserved task-s", "mean demand above serving tasks per trial, task-seconds") +
       th("Spot interr.", "mean Spot interruptions per trial") + "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    const auto& c = o.cost;
    // The mean's interval is symmetric (Student t): mean ± half-width, the interval in a tooltip.
    const std::string mean_ci = std::isfinite(c.ci95_lo) && std::isfinite(c.ci95_hi)
                                    ? "<span title=\"95 % CI [" + usd(c.ci95_lo) + ", " +
                                          usd(c.ci95_hi) + "]\">" + usd(c.mean) + " &plusmn; " +
                                          fixed((c.ci95_hi - c.ci95_lo) / 2, usd_decimals(c.mean)) +
                                          "</span>"
                                    : usd(c.mean);
    s += "<tr>" + row_head(o.name, i) + td(mean_ci) + td(usd(c.stddev)) + td(usd(c.p50)) +
         td(usd(c.p90)) + td(usd(c.p95)) + td(usd(c.p99)) + td(usd(c.cvar95)) + td(usd(c.min)) +
         td(usd(c.max)) + td(o.unserved ? fixed(o.unserved->mean, 0) : dash) +
         td(o.interruptions ? fixed(o.interruptions->mean, 2) : dash) + "</tr>\n";
  }
  s += "</tbody>\n</table></div>\n";
  s += "<p class=\"note\">Percentiles are order statistics of rank "
       "\xE2\x8C\x88q\xC2\xB7n\xE2\x8C\x89 "
       "(Hyndman\xE2\x80\x93"
       "Fan type 1, the inverse of the empirical CDF; Excel's "
       "PERCENTILE.INC is type 7, which interpolates), computed as " +
       quantile_method(d.quantiles) +
       ". CVaR95 is the mean of the costliest 5\xC2\xA0% of trials. Unserved task-seconds "
       "(demand above the tasks serving it, the price of scaling lag) and Spot interruptions "
       "are means per trial.</p>\n</section>\n";
  return s;
}

std::string breakdown_section(const sim_data& d) {
  // Lines in order of first appearance; a line that costs nothing in any option is left out.
  std::vector<std::string> names;
  std::vector<std::string> skipped;
  bool negative = false;
  for (const auto& o : d.options)
    for (const auto& l : o.lines)
      if (std::find(names.begin(), names.end(), l.name) == names.end()) names.push_back(l.name);
  std::vector<std::string> shown;
  for (const auto& n : names) {
    bool any = false;
    for (const auto& o : d.options)
      for (const auto& l : o.lines)
        if (l.name == n && std::isfinite(l.s.mean) && l.s.mean != 0) {
          any = true;
          negative = negative || l.s.mean < 0;
        }
    (any ? shown : skipped).push_back(n);
  }
  const auto line_mean = [](const option_data& o, const std::string& n) {
    for (const auto& l : o.lines)
      if (l.name == n) return l.s.mean;
    return nan;
  };

  constexpr double width = 860, label_w = 170, left = 180, right = 110, row_h = 28, top = 8;
  const double plot_bottom = top + row_h * double(d.options.size());
  const std::size_t legend_rows = (shown.size() + 3) / 4;
  const double height = plot_bottom + 44 + 20 * double(legend_rows) + 6;
  double peak = 0;
  for (const auto& o : d.options) {
    double t = 0;
    for (const auto& n : shown)
      t += std::max(0.0, std::isfinite(line_mean(o, n)) ? line_mean(o, n) : 0);
    peak = std::max(peak, t);
  }
  std::string desc =
      "Mean cost per trial of each option split by cost line, as stacked "
      "horizontal bars starting at zero.";
  for (const auto& o : d.options) {
    desc += " " + o.name + ":";
    for (const auto& n : shown) desc += " " + n + " " + usd(line_mean(o, n)) + ";";
  }
  svg g("cost-breakdown", width, height, "Mean cost per trial by line", desc);
  const ticks tx = nice_ticks(0, peak > 0 ? peak : 1, 6);
  const linear x{0, tx.hi, left, width - right};
  x_axis(g, x, tx, plot_bottom, top, true, "mean cost per trial (USD)");
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    const double y = top + row_h * double(i);
    g.text(label_w, y + row_h / 2 + 4, clip(o.name, 24), "label", "end");
    double acc = 0;
    for (std::size_t k = 0; k < shown.size(); ++k) {
      const double v = line_mean(o, shown[k]);
      if (!std::isfinite(v) || v <= 0) continue;
      g.rect(x(acc), y + 5, x(acc + v) - x(acc), row_h - 10, colour(k),
             o.name + " \xC2\xB7 " + shown[k] + ": " + usd(v) + " (" +
                 percent(std::isfinite(o.cost.mean) && o.cost.mean > 0 ? v / o.cost.mean : nan) +
                 " of the mean)");
      acc += v;
    }
    g.text(x(acc) + 5, y + row_h / 2 + 4, usd(o.cost.mean), "value");
  }
  g.line(left, top, left, plot_bottom, "axis");
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const double lx = left + double(k % 4) * 165.0, ly = plot_bottom + 50 + 20 * double(k / 4);
    g.rect(lx, ly - 10, 12, 12, colour(k), {});
    g.text(lx + 17, ly, clip(shown[k], 22), "label");
  }

  std::string s = "<section id=\"breakdown\">\n<h2>Cost by line</h2>\n<figure>\n" + g.finish();
  s += "<figcaption>Bars add up the mean of each cost line; the figure at the end of a bar is the "
       "option's mean cost.";
  if (!skipped.empty()) {
    s += " Lines with no cost in any option are left out: ";
    for (std::size_t k = 0; k < skipped.size(); ++k) s += (k ? ", " : "") + esc(skipped[k]);
    s += ".";
  }
  if (negative) s += " Negative line means (credits) are not drawn; the table gives them.";
  s += "</figcaption>\n</figure>\n";
  // Per-line percentiles, since the chart shows means only.
  s += "<div class=\"table-wrap\"><table id=\"breakdown-table\">\n<thead><tr>" + th("Option") +
       th("Line") + th("Mean") + th("Share of mean") + th("P50") + th("P90") + th("P95") +
       "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    for (const auto& l : o.lines) {
      if (std::find(shown.begin(), shown.end(), l.name) == shown.end()) continue;
      if (l.s.mean == 0 && l.s.max == 0) continue;
      s += "<tr>" + row_head(o.name, i) + "<td class=\"text\">" + esc(l.name) + "</td>" +
           td(usd(l.s.mean)) +
           td(percent(std::isfinite(o.cost.mean) && o.cost.mean > 0 ? l.s.mean / o.cost.mean
                                                                    : nan)) +
           td(usd(l.s.p50)) + td(usd(l.s.p90)) + td(usd(l.s.p95)) + "</tr>\n";
    }
  }
  s += "</tbody>\n</table></div>\n<p class=\"note\">Means add up to the option's mean; "
       "percentiles do not: the P90 of each line does not sum to the P90 of the total, because "
       "the lines' bad trials are not the same trials.</p>\n</section>\n";
  return s;
}

std::string comparison_section(const sim_data& d) {
  constexpr double width = 860, label_w = 170, left = 180, plot_right = 540, row_h = 28, top = 26;
  const double plot_bottom = top + row_h * double(d.options.size());
  const double height = plot_bottom + 40;
  double lo = 0, hi = 0;
  for (const auto& o : d.options) {
    if (!o.vs) continue;
    for (double v : {o.vs->mean_diff, o.vs->ci95_lo, o.vs->ci95_hi})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  const std::string base = d.baseline.empty() && !d.options.empty() && d.options.front().vs
                               ? d.options.front().vs->baseline
                               : d.baseline;
  std::string desc =
      "Forest plot of the mean paired difference in cost per trial, option "
      "minus baseline (" +
      base +
      "), with its 95 % confidence interval; left "
      "of the zero line is cheaper.";
  for (const auto& o : d.options)
    if (o.vs)
      desc += " " + o.name + ": " + signed_usd(o.vs->mean_diff) + " [" + signed_usd(o.vs->ci95_lo) +
              ", " + signed_usd(o.vs->ci95_hi) + "], P(cheaper) " + fixed(o.vs->prob_cheaper, 3) + ".";
  svg g("paired-differences", width, height, "Paired difference in cost against " + base, desc);
  const ticks tx = nice_ticks(lo, hi, 6);
  const linear x{tx.lo, tx.hi, left, plot_right};
  x_axis(g, x, tx, plot_bottom, top, true, "option \xE2\x88\x92 baseline, per trial (USD)");
  g.line(x(0), top - 6, x(0), plot_bottom, "zero");
  g.text(x(0) - 4, top - 10, "\xE2\x97\x80 cheaper", "tick", "end");
  g.text(x(0) + 4, top - 10, "dearer \xE2\x96\xB6", "tick", "start");
  g.text(plot_right + 16, top - 10, "mean [95 % CI] \xC2\xB7 P(cheaper)", "tick");
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    const double y = top + row_h * double(i) + row_h / 2;
    g.text(label_w, y + 4, clip(o.name, 24), "label", "end");
    const bool is_base = o.name == base;
    if (is_base || !o.vs || !std::isfinite(o.vs->mean_diff)) {
      if (is_base)
        g.raw("<circle cx=\"" + xy(x(0)) + "\" cy=\"" + xy(y) +
              "\" r=\"4.5\" fill=\"#fff\" stroke=\"" + colour(i) + "\" stroke-width=\"2\"/>\n");
      g.text(plot_right + 16, y + 4, is_base ? "baseline" : "no comparison", "value");
      continue;
    }
    const auto& p = *o.vs;
    const std::string c = colour(i);
    if (std::isfinite(p.ci95_lo) && std::isfinite(p.ci95_hi)) {
      g.line(x(p.ci95_lo), y, x(p.ci95_hi), y, "whisker", " stroke=\"" + c + "\"");
      g.line(x(p.ci95_lo), y - 6, x(p.ci95_lo), y + 6, "whisker", " stroke=\"" + c + "\"");
      g.line(x(p.ci95_hi), y - 6, x(p.ci95_hi), y + 6, "whisker", " stroke=\"" + c + "\"");
    }
    const double px = x(p.mean_diff);
    g.raw("<path d=\"M" + xy(px) + " " + xy(y - 6) + " L" + xy(px + 6) + " " + xy(y) + " L" +
          xy(px) + " " + xy(y + 6) + " L" + xy(px - 6) + " " + xy(y) + " Z\" fill=\"" + c +
          "\" stroke=\"#000\" stroke-width=\"0.8\"><title>" +
          esc(o.name + " \xE2\x88\x92 " + base + ": " + signed_usd(p.mean_diff) + " [" +
              signed_usd(p.ci95_lo) + ", " + signed_usd(p.ci95_hi) + "]") +
          "</title></path>\n");
    g.text(plot_right + 16, y + 4,
           signed_usd(p.mean_diff) + " [" + signed_usd(p.ci95_lo) + ", " + signed_usd(p.ci95_hi) +
               "] \xC2\xB7 " + fixed(p.prob_cheaper, 3),
           "value");
  }
  g.line(left, top, left, plot_bottom, "axis");

  std::string s = "<section id=\"comparison\">\n<h2>Paired differences against the baseline (" +
                  esc(base) + ")</h2>\n<figure>\n" + g.finish();
  s += "<figcaption>Each diamond is the mean over the same trials of (option \xE2\x88\x92 "
       "baseline), the whisker its 95\xC2\xA0% CI. Because every option sees the same demand and "
       "interruptions, these intervals are much narrower than the options' own intervals "
       "suggest. P(cheaper): the share of trials where the option is strictly "
       "cheaper.</figcaption>\n</figure>\n";
  s += "<div class=\"table-wrap\"><table id=\"paired-table\">\n<thead><tr>" + th("Option") +
       th("Mean difference") + th("95&nbsp;% CI") + th("Std dev of difference") + th("P(cheaper)") +
       th("95&nbsp;% CI of P(cheaper)") + "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    s += "<tr>" + row_head(o.name, i);
    if (o.name == base) {
      s += "<td class=\"text\" colspan=\"5\">baseline</td></tr>\n";
      continue;
    }
    if (!o.vs) {
      s += "<td class=\"text\" colspan=\"5\">" + std::string(dash) + "</td></tr>\n";
      continue;
    }
    const auto& p = *o.vs;
    s += td(signed_usd(p.mean_diff)) +
         td(std::isfinite(p.ci95_lo) ? "[" + signed_usd(p.ci95_lo) + ", " + signed_usd(p.ci95_hi) + "]"
                                   : dash) +
         td(usd(p.stddev_diff)) + td(fixed(p.prob_cheaper, 3)) +
         td(std::isfinite(p.prob_cheaper_lo) ? "[" + fixed(p.prob_cheaper_lo, 3) + ", " + fixed(p.prob_cheaper_hi, 3) + "]"
                                     : dash) +
         "</tr>\n";
  }
  s += "</tbody>\n</table></div>\n</section>\n";
  return s;
}

std::string commitments_section(const sim_data& d) {
  bool any = false;
  for (const auto& o : d.options) any = any || !o.commitments.empty() || o.coverage;
  if (!any) return {};
  std::string s = "<section id=\"commitments\">\n<h2>Commitments</h2>\n";
  s += "<div class=\"table-wrap\"><table id=\"commitments-table\">\n<thead><tr>" + th("Option") +
       th("Coverage (mean)") + th("Commitment") + th("Utilisation mean") + th("Utilisation P50") +
       th("Utilisation min") + th("Unused mean") + th("Unused P95") + "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const auto& o = d.options[i];
    if (o.commitments.empty() && !o.coverage) continue;
    const std::string cov = o.coverage ? percent(o.coverage->mean) : dash;
    if (o.commitments.empty()) {
      s += "<tr>" + row_head(o.name, i) + td(cov) + "<td class=\"text\" colspan=\"6\">" + dash +
           "</td></tr>\n";
      continue;
    }
    for (const auto& c : o.commitments)
      s += "<tr>" + row_head(o.name, i) + td(cov) + "<td class=\"text\">" + esc(c.name) + "</td>" +
           td(percent(c.utilisation.mean)) + td(percent(c.utilisation.p50)) +
           td(percent(c.utilisation.min)) + td(usd(c.unused.mean)) + td(usd(c.unused.p95)) +
           "</tr>\n";
  }
  s += "</tbody>\n</table></div>\n<p class=\"note\">Coverage: the share of the coverable "
       "on-demand cost that commitments covered. Utilisation: the share of a commitment's "
       "charge that covered usage; unused dollars are paid for nothing (USD per trial).</p>\n"
       "</section>\n";
  return s;
}

std::string binding_section(const sim_data& d) {
  bool any = false;
  for (const auto& o : d.options) any = any || !o.binding.empty() || !o.density.empty();
  if (!any) return {};
  std::string s = "<section id=\"binding\">\n<h2>What fills the instances</h2>\n";
  s += "<div class=\"table-wrap\"><table id=\"binding-table\">\n<thead><tr>" + th("Option") + th("Resource") +
       th("Share of instance-hours (mean)") + th("P50") + th("P95") + "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < d.options.size(); ++i)
    for (const auto& b : d.options[i].binding)
      s += "<tr>" + row_head(d.options[i].name, i) + "<td class=\"text\">" + esc(b.name) + "</td>" +
           td(percent(b.s.mean)) + td(percent(b.s.p50)) + td(percent(b.s.p95)) + "</tr>\n";
  s += "</tbody>\n</table></div>\n<p class=\"note\">The binding resource of an instance is the one with the largest "
       "requested share of its allocatable capacity (ties: CPU, then memory, then ENI slots or pods); empty: no "
       "tasks. eni_slots: ECS awsvpc task slots (ENIs − 1, or the ENI trunking limit); pods: EKS max pods.</p>\n";
  bool density = false;
  for (const auto& o : d.options) density = density || !o.density.empty();
  if (density) {
    s += "<div class=\"table-wrap\"><table id=\"density-table\">\n<thead><tr>" + th("Option") + th("Service") +
         th("Instance type") + th("Tasks per instance") + th("Binds") + th("Without the ENI limit") +
         th("With ENI trunking") + "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < d.options.size(); ++i)
      for (const auto& r : d.options[i].density)
        s += "<tr>" + row_head(d.options[i].name, i) + "<td class=\"text\">" + esc(r.service) + "</td>" +
             "<td class=\"text\">" + esc(r.instance_type) + "</td>" + td(fixed(r.tasks_per_instance, 0)) +
             "<td class=\"text\">" + esc(r.binds) + "</td>" + td(fixed(r.without_eni_limit, 0)) +
             td(std::isfinite(r.with_trunking) ? fixed(r.with_trunking, 0) : std::string(dash)) + "</tr>\n";
    s += "</tbody>\n</table></div>\n<p class=\"note\">ECS on EC2: tasks of a service on an empty instance, from "
         "its CPU and memory and the instance's registered capacity and awsvpc task slots.</p>\n";
  }
  return s + "</section>\n";
}

/// Where `series` is at `at`, by linear interpolation; NaN outside or across a gap.
double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, double at) {
  for (std::size_t k = 0; k + 1 < xs.size(); ++k) {
    const double a = std::min(xs[k], xs[k + 1]), b = std::max(xs[k], xs[k + 1]);
    if (at < a || at > b) continue;
    if (!std::isfinite(ys[k]) || !std::isfinite(ys[k + 1])) return nan;
    return xs[k + 1] == xs[k] ? ys[k]
                              : ys[k] + (ys[k + 1] - ys[k]) * (at - xs[k]) / (xs[k + 1] - xs[k]);
  }
  return xs.size() == 1 && xs[0] == at ? ys[0] : nan;
}

/// One list item per compared pair: where the two meet (and how many tasks or pods of each
/// service option a then runs on average), or that they never do in the range and which one is
/// cheaper throughout.
std::string break_even_pair_items(const break_even_data& be, double lo, double hi) {
  std::string s;
  for (const auto& p : be.pairs) {
    const std::string why = p.kind == "ecs_vs_eks"       ? " (ECS vs EKS, same compute)"
                            : p.kind == "fargate_vs_ec2" ? " (Fargate vs EC2)"
                                                         : "";
    s += "<li><strong>" + esc(p.a) + "</strong> vs <strong>" + esc(p.b) + "</strong>" + esc(why) + ": ";
    if (p.crossings.empty()) {
      s += "no crossing between \xC3\x97\xC2\xA0" + detail::shortest_number(lo) + " and \xC3\x97\xC2\xA0" + detail::shortest_number(hi);
      s += p.cheaper_throughout.empty() ? std::string("; they cost the same at some demand")
                                        : "; " + esc(p.cheaper_throughout) + " is cheaper throughout";
    } else {
      s += "meet at";
      for (std::size_t i = 0; i < p.crossings.size(); ++i) {
        const double k = p.crossings[i];
        s += std::string(i == 0 ? " " : ", ") + "\xC3\x97\xC2\xA0" + fixed(k, 2);
        std::string running;
        for (const auto& [service, n] : p.tasks_at_baseline)
          running += (running.empty() ? "" : ", ") + fixed(k * n, 1) + " " + esc(service) + " " +
                     esc(p.task_word.empty() ? std::string("tasks") : p.task_word);
        if (!running.empty()) s += " (\xE2\x89\x88\xC2\xA0" + running + ")";
      }
    }
    s += "</li>\n";
  }
  return s;
}

std::string break_even_section(const sim_data& d) {
  std::string s = "<section id=\"break-even\">\n<h2>Break-even against demand</h2>\n";
  if (!d.break_even) {
    s += "<p class=\"absent\">This result has no break-even sweep (no <code>break_even</code> "
         "object): the mean cost of each option was simulated at the scenario's demand "
         "only.</p>\n</section>\n";
    return s;
  }
  // Series in the options' order (the JSON object's keys come sorted), unknown names last.
  break_even_data be = *d.break_even;
  std::stable_sort(be.mean_cost.begin(), be.mean_cost.end(), [&](const auto& l, const auto& r) {
    const auto rank = [&](const std::string& n) {
      for (std::size_t i = 0; i < d.options.size(); ++i)
        if (d.options[i].name == n) return i;
      return d.options.size();
    };
    return rank(l.first) < rank(r.first);
  });
  const auto option_colour = [&](const std::string& name, std::size_t fallback) {
    for (std::size_t i = 0; i < d.options.size(); ++i)
      if (d.options[i].name == name) return i;
    return d.options.size() + fallback;
  };
  constexpr double width = 860, left = 74, plot_right = 640, top = 16, bottom = 330;
  const double height = std::max(bottom + 46, top + 20.0 * double(be.mean_cost.size()) + 30);
  double x_lo = *std::min_element(be.scale.begin(), be.scale.end());
  double x_hi = *std::max_element(be.scale.begin(), be.scale.end());
  double y_hi = 0;
  for (const auto& [_, ys] : be.mean_cost)
    for (double v : ys)
      if (std::isfinite(v)) y_hi = std::max(y_hi, v);
  std::string desc =
      "Mean cost per trial of each option as demand is scaled, one line per "
      "option; vertical dashed lines mark where two options cost the same.";
  for (const auto& c : be.crossings)
    desc += " " + c.a + " and " + c.b + " cross at demand \xC3\x97" + fixed(c.scale, 2) + ".";
  svg g("break-even-chart", width, height, "Mean cost against demand scale", desc);
  const ticks tx = nice_ticks(x_lo, x_hi, 8);
  const ticks ty = nice_ticks(0, y_hi > 0 ? y_hi : 1, 6);
  const linear x{tx.lo, tx.hi, left, plot_right};
  const linear y{0, ty.hi, bottom, top};
  for (double v : ty.at) {
    g.line(left, y(v), plot_right, y(v), "grid");
    g.text(left - 5, y(v) + 4, usd_tick(v, ty.step), "tick", "end");
  }
  for (double v : tx.at) {
    g.line(x(v), bottom, x(v), bottom + 4, "axis");
    g.text(x(v), bottom + 16, "\xC3\x97" + fixed(v, tick_decimals(tx.step)), "tick", "middle");
  }
  g.line(left, bottom, plot_right, bottom, "axis");
  g.line(left, top, left, bottom, "axis");
  g.text((left + plot_right) / 2, bottom + 34, "demand scale (multiple of the scenario's demand)",
         "axis-title", "middle");
  g.text(16, (top + bottom) / 2, "mean cost per trial (USD)", "axis-title", "middle",
         " transform=\"rotate(-90 16 " + xy((top + bottom) / 2) + ")\"");
  for (std::size_t j = 0; j < be.mean_cost.size(); ++j) {
    const auto& [name, ys] = be.mean_cost[j];
    const std::size_t ci = option_colour(name, j);
    std::string pts;
    const auto flush = [&] {
      if (pts.find(' ') != std::string::npos)
        g.raw("<polyline class=\"series\" stroke=\"" + std::string(colour(ci)) + "\"" +
              dash_attr(ci) + " points=\"" + pts + "\"/>\n");
      pts.clear();
    };
    for (std::size_t k = 0; k < ys.size(); ++k) {
      if (!std::isfinite(ys[k])) {
        flush();
        continue;
      }
      pts += (pts.empty() ? "" : " ") + xy(x(be.scale[k])) + "," + xy(y(ys[k]));
    }
    flush();
    for (std::size_t k = 0; k < ys.size(); ++k)
      if (std::isfinite(ys[k]))
        g.raw("<circle cx=\"" + xy(x(be.scale[k])) + "\" cy=\"" + xy(y(ys[k])) +
              "\" r=\"3\" fill=\"" + colour(ci) + "\"><title>" +
              esc(name + " at \xC3\x97" + fixed(be.scale[k], 2) + ": " + usd(ys[k])) +
              "</title></circle>\n");
    const double ly = top + 14 + 20 * double(j);
    g.raw("<line class=\"series\" stroke=\"" + std::string(colour(ci)) + "\"" + dash_attr(ci) +
          " x1=\"" + xy(plot_right + 20) + "\" y1=\"" + xy(ly - 4) + "\" x2=\"" +
          xy(plot_right + 42) + "\" y2=\"" + xy(ly - 4) + "\"/>\n");
    g.text(plot_right + 48, ly, clip(name, 24), "label");
  }
  for (std::size_t k = 0; k < be.crossings.size(); ++k) {
    const auto& c = be.crossings[k];
    if (!std::isfinite(c.scale) || c.scale < tx.lo || c.scale > tx.hi) continue;
    const double px = x(c.scale);
    g.line(px, top, px, bottom, "guide");
    for (const auto& [name, ys] : be.mean_cost)
      if (name == c.a) {
        const double v = interpolate(be.scale, ys, c.scale);
        if (std::isfinite(v))
          g.raw("<circle cx=\"" + xy(px) + "\" cy=\"" + xy(y(v)) +
                "\" r=\"6\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>\n");
      }
    const std::string label =
        clip(c.a, 18) + " = " + clip(c.b, 18) + " at \xC3\x97" + fixed(c.scale, 2);
    // About 6 px per character at 11 px: keep the label inside the plot, off the legend.
    const bool right_side = px + 8 + 6.0 * double(label.size()) < plot_right;
    g.text(right_side ? px + 4 : px - 4, top + 12 + 14 * double(k % 4), label, "value halo",
           right_side ? "start" : "end");
  }
  s += "<figure>\n" + g.finish() +
       "<figcaption>Mean cost per trial with demand multiplied by the scale; circles on the "
       "dashed lines mark the crossings, where the cheaper option changes.</figcaption>\n"
       "</figure>\n";
  if (!be.pairs.empty()) {
    s += "<ul id=\"break-even-pairs\">\n" + break_even_pair_items(be, x_lo, x_hi) + "</ul>\n";
    s += "<p class=\"note\">\xC3\x97\xC2\xA0k: every service's demand multiplied by k. Pairs compared: "
         "Fargate with EC2 on the same orchestrator, ECS with EKS on the same compute. In brackets, the "
         "tasks (pods on EKS) of each service the first option of the pair runs on average at that "
         "demand.</p>\n";
  } else if (be.crossings.empty()) {
    s += "<p class=\"note\">No two options cross within the scales simulated.</p>\n";
  } else {
    s += "<ul id=\"break-even-crossings\">\n";
    for (const auto& c : be.crossings)
      s += "<li>" + esc(c.a) + " and " + esc(c.b) + " cost the same at " + fixed(c.scale, 2) +
           "\xC3\x97 the scenario's demand</li>\n";
    s += "</ul>\n";
  }
  s += "</section>\n";
  return s;
}

/// The verdict and each option's monthly figures: what a reader needs first.
std::string verdict_section(const sim_data& d) {
  const run_digest& g = *d.digest;
  std::string s = "<section id=\"verdict\">\n<h2>Verdict</h2>\n";
  if (g.bill) {  // a replayed bill: what was paid first, then the same demand on each option
    const bill_comparison& b = *g.bill;
    s += "<p class=\"lede\" id=\"actuals-baseline\">" + esc(bill_sentence(b)) + "</p>\n";
    s += "<table id=\"actuals-table\">\n<thead><tr>" + th("option") + th("USD per month", "mean over the trials, per 730-hour month") +
         th("95\xC2\xA0% of trials", "2.5 % and 97.5 % of trials cost less") + th("vs. what you paid", "per month") +
         "</tr></thead>\n<tbody>\n<tr><th scope=\"row\">paid (the bill)</th>" + td(usd(b.paid_usd_per_month, 2)) +
         td(std::string(dash)) + td(std::string(dash)) + "</tr>\n";
    for (const auto& r : b.options)
      s += "<tr><th scope=\"row\">" + esc(r.option) + "</th>" + td(usd(r.mean, 2)) +
           td(usd(r.lo, 2) + " \xE2\x80\x93 " + usd(r.hi, 2)) + td(usd(r.mean - b.paid_usd_per_month, 2)) + "</tr>\n";
    s += "</tbody></table>\n";
    if (!b.notes.empty()) {
      s += "<ul class=\"notes\">\n";
      for (const auto& n : b.notes) s += "<li>" + esc(n) + "</li>\n";
      s += "</ul>\n";
    }
  }
  if (g.verdict) s += "<p class=\"lede\" id=\"verdict-sentence\">" + esc(verdict_sentence(*g.verdict)) + "</p>\n";
  s += "<table id=\"monthly-table\">\n<thead><tr>" + th("option") + th("USD per month", "mean over the trials, per 730-hour month") +
       th("95\xC2\xA0% CI") + th("P50") + th("P90") + th("P95") + th("utilisation", "mean share of paid capacity the tasks used") +
       th("idle per month", "paid capacity no task used") + "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < g.options.size(); ++i) {
    const option_digest& o = g.options[i];
    s += "<tr>" + row_head(o.name, i) + td(usd(o.cost.mean, 2)) + td(usd(o.cost.ci95_lo, 2) + " \xE2\x80\x93 " + usd(o.cost.ci95_hi, 2)) +
         td(usd(o.cost.p50, 2)) + td(usd(o.cost.p90, 2)) + td(usd(o.cost.p95, 2)) +
         td(std::isfinite(o.utilisation) ? percent(o.utilisation) : std::string(dash)) +
         td(std::isfinite(o.idle_usd_per_month) ? usd(o.idle_usd_per_month, 2) : std::string(dash)) + "</tr>\n";
  }
  s += "</tbody></table>\n";
  if (!g.impossible.empty()) {
    s += "<p>Not simulated: the workload cannot run on these options.</p>\n<ul id=\"not-generated\">\n";
    for (const auto& x : g.impossible) s += "<li><b>" + esc(x.option) + "</b>: " + esc(x.reason) + "</li>\n";
    s += "</ul>\n";
  }
  s += "<p class=\"note\">Per month = the cost of one trial \xC3\x97 730 hours / " + detail::shortest_number(g.horizon_hours) +
       " hours (a 730-hour month, as AWS's calculators use). The difference's interval is the Student-t 95\xC2\xA0% "
       "interval of the paired differences (same trials for both options); P(cheaper) is the share of trials where the "
       "cheapest is strictly cheaper, with its Wilson 95\xC2\xA0% interval. A difference is within the price estimates' "
       "noise when it is below " + fixed(price_noise_percent, 0) + "\xC2\xA0% and only one of the two options bills at a "
       "catalog figure marked estimate or secondary.</p>\n</section>\n";
  return s;
}

/// Why each option costs what it does: the per-service split and the constraints.
std::string why_section(const run_digest& g) {
  std::string s = "<section id=\"why\">\n<h2>Why: where each option's money goes (USD per month)</h2>\n";
  for (std::size_t i = 0; i < g.options.size(); ++i) {
    const option_digest& o = g.options[i];
    s += "<h3>" + esc(o.name) + "</h3>\n<p>";
    for (std::size_t k = 0; k < o.split.size(); ++k)
      s += (k ? " \xC2\xB7 " : "") + esc(o.split[k].name) + " " + usd(o.split[k].usd_per_month, 2);
    s += "</p>\n";
    if (!o.constraints.empty() || !o.unconfirmed_prices.empty()) {
      s += "<ul>\n";
      for (const auto& c : o.constraints) s += "<li>" + esc(c.sentence) + "</li>\n";
      if (!o.unconfirmed_prices.empty()) {
        std::string u;
        for (const auto& p : o.unconfirmed_prices) u += (u.empty() ? "" : ", ") + p;
        s += "<li>Prices not confirmed: " + esc(u) + ".</li>\n";
      }
      s += "</ul>\n";
    }
  }
  s += "<p class=\"note\">(idle): paid capacity no task used; (network), (control plane): shared fees. A saving "
       "after a constraint is the mean difference of a what-if run on the same trials with the constraint lifted.</p>\n"
       "</section>\n";
  return s;
}

std::string render_simulate(const sim_data& d, std::string_view source) {
  const std::string name = d.scenario.empty() ? std::string(source) : d.scenario;
  std::string s = page_head("fleetcast Monte Carlo report \xE2\x80\x94 " + name);
  s += "<header>\n<h1>Monte Carlo cost report: " + esc(name) + "</h1>\n<p class=\"lede\">" +
       amount(d.scenarios) + " trials of " + days_text(d.horizon_days) + ", seed " +
       (d.seed.empty() ? std::string(dash) : esc(d.seed)) + ", " +
       std::to_string(d.options.size()) + " option(s); " +
       (d.digest ? "headline costs in USD per 730-hour month, charts per trial." : "cost per trial in USD.") +
       "</p>\n</header>\n";
  if (d.digest) s += verdict_section(d);
  s += run_facts(d, source);
  bool any_cost = false;
  for (const auto& o : d.options) any_cost = any_cost || has_cost(o);
  if (!any_cost) {
    s += "<section id=\"summary\">\n<h2>No costs</h2>\n<p class=\"absent\">This result holds no "
         "cost figures (profile " +
         esc(d.profile.empty() ? std::string(dash) : d.profile) +
         "): the run simulated demand only, so there is nothing to chart.</p>\n</section>\n";
    return s + page_foot(source);
  }
  s += headline(d);
  if (d.digest) s += why_section(*d.digest);
  s += distribution_section(d);
  s += percentile_section(d);
  s += breakdown_section(d);
  s += comparison_section(d);
  s += commitments_section(d);
  s += binding_section(d);
  s += break_even_section(d);
  return s + page_foot(source);
}

// ------------------------------------------------------------------------------------------
// Pack report.

std::string heuristics_chart(const std::vector<heuristic_row>& rows) {
  constexpr double width = 860, label_w = 150, a0 = 160, a1 = 480, b0 = 560, b1 = 820, top = 46,
                   row_h = 18;
  const double bottom = top + row_h * double(rows.size());
  const double height = bottom + 40;
  double cost_hi = 0, bins_hi = 0, best = std::numeric_limits<double>::infinity();
  double lb_cost = nan, lb_bins = nan;
  for (const auto& r : rows) {
    for (double v : {r.cost_per_hour, r.lb_cost})
      if (std::isfinite(v)) cost_hi = std::max(cost_hi, v);
    for (double v : {r.bins, r.lb_bins})
      if (std::isfinite(v)) bins_hi = std::max(bins_hi, v);
    if (std::isfinite(r.cost_per_hour) && r.status == "ok") best = std::min(best, r.cost_per_hour);
    if (std::isfinite(r.lb_cost))
      lb_cost = std::isfinite(lb_cost) ? std::max(lb_cost, r.lb_cost) : r.lb_cost;
    if (std::isfinite(r.lb_bins))
      lb_bins = std::isfinite(lb_bins) ? std::max(lb_bins, r.lb_bins) : r.lb_bins;
  }
  std::string desc =
      "Cost per hour and number of bins (instances) for each packing heuristic, "
      "as horizontal bars from zero, with the lower bounds as dashed lines (cost "
      "bound " +
      usd(lb_cost) + " per hour, " + amount(lb_bins) + " bins).";
  svg g("heuristics-chart", width, height, "Packing heuristics against the lower bounds", desc);
  const ticks ta = nice_ticks(0, cost_hi > 0 ? cost_hi : 1, 4);
  ticks tb = nice_ticks(0, bins_hi > 0 ? bins_hi : 1, 4);
  if (tb.step < 1)
    tb = nice_ticks(0, std::max(1.0, std::ceil(bins_hi)), int(std::max(1.0, std::ceil(bins_hi))));
  const linear xa{0, ta.hi, a0, a1}, xb{0, tb.hi, b0, b1};
  g.text((a0 + a1) / 2, 13, "cost per hour (USD)", "axis-title", "middle");
  g.text((b0 + b1) / 2, 13, "bins (instances)", "axis-title", "middle");
  x_axis(g, xa, ta, bottom, top, true, {});
  x_axis(g, xb, tb, bottom, top, false, {});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = top + row_h * double(i);
    g.text(label_w, y + row_h / 2 + 4, clip(r.name, 22), "label", "end");
    const bool ok = r.status.empty() || r.status == "ok";
    const char* fill = !ok ? palette[5] : r.cost_per_hour == best ? palette[2] : palette[0];
    if (std::isfinite(r.cost_per_hour)) {
      g.rect(a0, y + 3, xa(r.cost_per_hour) - a0, row_h - 6, fill,
             r.name + ": " + usd(r.cost_per_hour) + " per hour" +
                 (std::isfinite(r.gap_cost) ? ", " + percent(r.gap_cost) + " over the bound" : "") +
                 (ok ? "" : " (" + r.status + ")"));
      g.text(xa(r.cost_per_hour) + 4, y + row_h / 2 + 4, usd(r.cost_per_hour), "value");
    }
    if (std::isfinite(r.bins)) {
      g.rect(b0, y + 3, xb(r.bins) - b0, row_h - 6, fill, r.name + ": " + amount(r.bins) + " bins");
      g.text(xb(r.bins) + 4, y + row_h / 2 + 4, amount(r.bins), "value");
    }
  }
  g.line(a0, top, a0, bottom, "axis");
  g.line(b0, top, b0, bottom, "axis");
  if (std::isfinite(lb_cost)) {
    g.line(xa(lb_cost), top - 12, xa(lb_cost), bottom, "lb");
    g.text(xa(lb_cost), top - 16, "bound " + usd(lb_cost), "value halo", "middle");
  }
  if (std::isfinite(lb_bins)) {
    g.line(xb(lb_bins), top - 12, xb(lb_bins), bottom, "lb");
    g.text(xb(lb_bins), top - 16, "bound " + amount(lb_bins), "value halo", "middle");
  }
  return g.finish();
}

std::string render_pack(const std::vector<heuristic_row>& rows, std::string_view source) {
  std::string s = page_head("fleetcast packing report \xE2\x80\x94 " + std::string(source));
  double best = std::numeric_limits<double>::infinity();
  std::string best_names;
  for (const auto& r : rows)
    if (std::isfinite(r.cost_per_hour) && (r.status.empty() || r.status == "ok")) {
      if (r.cost_per_hour < best - 1e-12) best = r.cost_per_hour, best_names.clear();
      if (r.cost_per_hour <= best + 1e-12)
        best_names += (best_names.empty() ? "" : ", ") + esc(r.name);
    }
  const heuristic_row& first = rows.front();
  s += "<header>\n<h1>Packing report: " + esc(source) + "</h1>\n<p class=\"lede\">" +
       std::to_string(rows.size()) +
       " heuristic(s) against the lower bounds; cost in USD per hour at on-demand rates.</p>\n"
       "</header>\n";
  s += "<section id=\"run\">\n<h2>Problem</h2>\n<dl class=\"facts\" id=\"run-facts\">\n";
  s += fact("Source", esc(source));
  s += fact("Heuristics", std::to_string(rows.size()));
  s += fact("Lower bound", usd(first.lb_cost) + " per hour, " + amount(first.lb_bins) + " bins");
  s += fact("Cheapest",
            best_names.empty() ? std::string(dash) : usd(best) + " per hour: " + best_names);
  if (!first.cpu_unit.empty()) s += fact("CPU unit", esc(first.cpu_unit) + " (memory in MiB)");
  s += "</dl>\n</section>\n";
  s += "<section id=\"heuristics\">\n<h2>Heuristics</h2>\n<figure>\n" + heuristics_chart(rows);
  s += "<figcaption>Green: the cheapest feasible packing; blue: the others; vermillion: items "
       "left unplaced. Dashed lines: the fractional LP cost bound and the bin-count bound, which "
       "no packing can beat.</figcaption>\n</figure>\n";
  s += "<div class=\"table-wrap\"><table id=\"heuristics-table\">\n<thead><tr>" + th("Heuristic") +
       th("Status") + th("Bins") + th("Bound bins") + th("Cost per hour") + th("Bound per hour") +
       th("Gap over bound") + th("Unplaced items") + th("Time") + "</tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    s += "<tr><th scope=\"row\">" + esc(r.name) + "</th><td class=\"text\">" +
         (r.status.empty() ? std::string(dash) : esc(r.status)) + "</td>" + td(amount(r.bins)) +
         td(amount(r.lb_bins)) + td(usd(r.cost_per_hour)) + td(usd(r.lb_cost)) +
         td(percent(r.gap_cost)) + td(amount(r.unplaced)) +
         td(!std::isfinite(r.seconds) ? std::string(dash)
            : r.seconds < 1e-3        ? fixed(r.seconds * 1e6, 1) + "\xC2\xA0\xC2\xB5s"
                                      : fixed(r.seconds * 1e3, 2) + "\xC2\xA0ms") +
         "</tr>\n";
  }
  s += "</tbody>\n</table></div>\n<p class=\"note\">Gap over bound: cost over the fractional LP "
       "cost bound; a gap of zero proves the packing optimal, a positive gap bounds how far it "
       "can be from optimal.</p>\n</section>\n";
  return s + page_foot(source);
}

}  // namespace

std::string render_html_report(const mc_run_summary& run, std::string_view source) {
  return render_simulate(run, source);
}

std::string render_html_report(const sim::scenario& s, const mc::run_result& r, std::string_view source,
                               const mc::break_even_result* break_even, const run_digest* digest) {
  return render_simulate(summarise_run(s, r, /*timing=*/true, break_even, digest), source);
}

std::string render_html_report(std::string_view result_json, std::string_view source, const input_limits& limits) {
  const detail::error_family errors = detail::with_limits(detail::input_errors, limits);
  const json doc = detail::parse_json(result_json, source, errors);
  const node root(doc, "", errors);
  if (doc.is_object()) {
    if (doc.contains("services") || doc.contains("horizon"))
      root.fail(errid::wrong_type,
                "this is a scenario (it has \"services\" and \"horizon\"), not a result: run `fleetcast simulate "
                "SCENARIO --format json -o result.json` first, then `fleetcast report result.json`");
    if (doc.contains("options")) return render_simulate(read_simulate(root), source);
    if (doc.contains("heuristic")) return render_pack({read_heuristic(root)}, source);
    root.fail(errid::missing_field,
              "neither a `fleetcast simulate` result (no \"options\") nor a `fleetcast pack` "
              "result (no \"heuristic\")");
  }
  if (doc.is_array()) {
    if (doc.empty())
      root.fail(errid::missing_field,
                "an empty array; a `fleetcast pack` result lists at least one heuristic");
    std::vector<heuristic_row> rows;
    for (std::size_t i = 0; i < doc.size(); ++i) rows.push_back(read_heuristic(root[i]));
    return render_pack(rows, source);
  }
  root.fail(errid::wrong_type, detail::show(doc) + " is " + detail::type_name(doc) +
                                   "; expected a `fleetcast simulate` result (an object) or a "
                                   "`fleetcast pack` result (an object or an array)");
}

}  // namespace fleetcast
