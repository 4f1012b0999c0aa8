// The HTML report: every section of a simulate result and of a pack result, no external
// reference of any kind, balanced markup, escaped names, the optional break-even sweep, and
// the error ids of inputs that are neither result. The results come from the library itself
// (the example scenario, 300 scenarios; the packing example with every heuristic), so the
// report is checked against what `fleetcast simulate --format json` and `fleetcast pack
// --format json` really write. ReportHtml.WritesExamplesForBrowserCheck leaves two files (in
// $FLEETCAST_REPORT_EXAMPLE_DIR) for tests/render_report.py, which opens them in headless
// Chromium (ctest report.write_example, then report.browser).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/pack_json.hpp"
#include "fleetcast/io/report_html.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/pack.hpp"

namespace fleetcast {
namespace {

const sim::scenario& example() {
  static const sim::scenario s = parse_scenario(example_scenario_json(), "x", default_catalog());
  return s;
}

const mc::run_result& example_run() {
  static const mc::run_result r = mc::simulation(example()).with_scenarios(300).run();
  return r;
}

/// `fleetcast simulate --example --trials 300 --format json --no-timing`, in-process.
const std::string& example_json() {
  static const std::string j = mc_results_to_json(example(), example_run(), false);
  return j;
}

/// `fleetcast pack examples/pack-eks-mixed.json --heuristic all --format json`, in-process.
std::string pack_json() {
  const std::string path = std::string(FLEETCAST_SOURCE_DIR) + "/examples/pack-eks-mixed.json";
  const pack_request req = parse_pack_request(read_text_file(path), path, default_catalog());
  std::vector<pack_report> reports;
  for (const auto& name : packing::heuristic_names())
    reports.push_back(
        {packing::pack_with_bounds<packing::platform_dims>(name, req.problem, req.choice, req.seed),
         1e-5, std::nullopt});
  return pack_reports_to_json(req, reports, true);
}

/// A break-even sweep of the shape another writer will add: two options, one crossing.
constexpr std::string_view break_even_block =
    R"("break_even": {"scale": [0.5, 1, 2, 4],
        "mean_cost": {"ecs-fargate": [1.0, 2.0, 4.0, 8.0], "ecs-ec2": [4.0, 4.8, 5.6, 7.2]},
        "crossings": [{"a": "ecs-fargate", "b": "ecs-ec2", "scale": 3.3333}]},
    )";

std::string with_break_even(std::string json) {
  return json.insert(json.find('{') + 1, break_even_block);
}

std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + what.size())) ++n;
  return n;
}

bool has_id(const std::string& html, std::string_view id) {
  return html.find("id=\"" + std::string(id) + "\"") != std::string::npos;
}

/// Every tag closes in order; void (meta) and self-closed (<line .../>) tags stand alone.
::testing::AssertionResult balanced(const std::string& html) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    if (html.compare(i, 4, "<!--") == 0) {
      i = html.find("-->", i);
      continue;
    }
    const std::size_t end = html.find('>', i);
    if (end == std::string::npos)
      return ::testing::AssertionFailure() << "unterminated tag at " << i;
    const std::string tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.empty() || tag[0] == '!') continue;  // <!DOCTYPE html>
    const bool closing = tag[0] == '/';
    const std::size_t from = closing ? 1 : 0;
    const std::string name = tag.substr(from, tag.find_first_of(" \t\n/", from) - from);
    if (name == "style") {
      i = html.find("</style>", i) + 8;  // CSS is not markup
      continue;
    }
    if (tag.back() == '/' || name == "meta" || name == "br") continue;
    if (!closing) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return ::testing::AssertionFailure()
             << "</" << name << "> closes <" << (open.empty() ? "nothing" : open.back()) << "> at "
             << i;
    } else {
      open.pop_back();
    }
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> never closed";
  return ::testing::AssertionSuccess();
}

/// No way for the file to reach outside itself: no URL, no resource attribute, no script.
void expect_self_contained(const std::string& html) {
  for (std::string_view bad : {"http://", "https://", "src=", "href=", "<script", "<link", "<img",
                               "url(", "@import", "<iframe", "<object"})
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
}

std::string error_id_of(std::string_view text, std::string* place = nullptr) {
  try {
    (void)render_html_report(text, "bad.json");
  } catch (const input_error& e) {
    if (place) *place = e.place();
    return e.id();
  }
  return "no error";
}

TEST(ReportHtml, SimulateResultHasEverySection) {
  const std::string html = render_html_report(example_json(), "r.json");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<title>"), std::string::npos);
  for (std::string_view id :
       {"run-facts", "summary", "cost-histogram", "cost-cdf", "percentile-table", "cost-breakdown",
        "breakdown-table", "paired-differences", "paired-table", "break-even"})
    EXPECT_TRUE(has_id(html, id)) << id;
  EXPECT_FALSE(has_id(html, "heuristics"));
  EXPECT_FALSE(has_id(html, "commitments-table"));  // the example has no commitments
  for (const auto& o : example().options) EXPECT_NE(html.find(o.name), std::string::npos) << o.name;
  EXPECT_NE(html.find("payments-api"), std::string::npos);  // the scenario's name
  EXPECT_NE(html.find("r.json"), std::string::npos);        // the source
}

TEST(ReportHtml, SimulateResultIsSelfContainedAndBalanced) {
  const std::string html = render_html_report(example_json(), "r.json");
  expect_self_contained(html);
  EXPECT_TRUE(balanced(html));
  EXPECT_FALSE(balanced("<svg><g></svg>"));  // the checker itself notices misnesting
  EXPECT_FALSE(balanced("<p><svg><line/></svg>"));
  // Histogram, CDF, breakdown, forest plot; each with a <title> and a <desc>.
  EXPECT_EQ(count(html, "<svg "), 4u);
  EXPECT_EQ(count(html, "</svg>"), 4u);
  EXPECT_EQ(count(html, "<desc id="), 4u);
  EXPECT_GE(count(html, "<th scope=\"col\""), 13u);
  EXPECT_GE(count(html, "<th scope=\"row\""), 3 * example().options.size());
}

TEST(ReportHtml, FiguresComeFromTheResultAsDollars) {
  // The percentile table shows the summaries the engine computed, formatted to 4 decimals.
  const std::string html = render_html_report(example_json(), "r.json");
  for (const auto& o : example_run().stats.options()) {
    const mc::summary c = o.cost.summarise();
    for (double v : {c.mean, c.p50, c.p90, c.p95, c.p99, c.cvar95, c.min, c.max}) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "$%.4f", v);
      EXPECT_NE(html.find(buf), std::string::npos) << o.name << " " << buf;
    }
  }
}

TEST(ReportHtml, NamesFromTheJsonAreEscaped) {
  std::string json = example_json();
  const std::string from = "\"ecs-fargate-spot\"";
  for (std::size_t i = json.find(from); i != std::string::npos; i = json.find(from, i))
    json.replace(i, from.size(), R"("<b>&\"")");
  const std::string html = render_html_report(json, "<src>&.json");
  EXPECT_NE(html.find("&lt;b&gt;&amp;&quot;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("&\""), std::string::npos);
  EXPECT_NE(html.find("&lt;src&gt;&amp;.json"), std::string::npos);
  EXPECT_TRUE(balanced(html));
}

TEST(ReportHtml, BreakEvenIsChartedWhenPresent) {
  const std::string html = render_html_report(with_break_even(example_json()), "r.json");
  EXPECT_TRUE(has_id(html, "break-even"));
  EXPECT_TRUE(has_id(html, "break-even-chart"));
  EXPECT_NE(html.find("ecs-fargate and ecs-ec2 cost the same at 3.33"), std::string::npos);
  EXPECT_EQ(count(html, "<svg "), 5u);
  EXPECT_TRUE(balanced(html));
  expect_self_contained(html);
}

TEST(ReportHtml, BreakEvenAbsenceIsSaid) {
  const std::string html = render_html_report(example_json(), "r.json");
  EXPECT_TRUE(has_id(html, "break-even"));
  EXPECT_FALSE(has_id(html, "break-even-chart"));
  EXPECT_NE(html.find("no break-even sweep"), std::string::npos);
}

/// The text between `from` and the next `to` (empty when `from` is absent).
std::string between(const std::string& s, std::string_view from, std::string_view to) {
  const std::size_t i = s.find(from);
  return i == std::string::npos ? std::string() : s.substr(i, s.find(to, i) - i);
}

TEST(ReportHtml, BreakEvenListsEveryPairCrossingOrNot) {
  // The example's real sweep (`simulate --example --break-even`: × 0.25 … 8, 200 trials each).
  // Every compared pair gets one line, from the sweep's own numbers: where the two meet (and the
  // tasks or pods option a runs there, k × its mean at × 1), or that they never do in the range
  // and which one is cheaper throughout. ECS Fargate vs ECS on EC2 in the example is such a
  // pair: Fargate stays cheaper from × 0.25 to × 8 (the EC2 option pays for idle instances).
  const mc::break_even_result be = mc::break_even(example(), default_catalog(), {0.25, 0.5, 1, 2, 4, 8}, 200, 42, 0);
  ASSERT_FALSE(be.pairs.empty());
  const std::string json = mc_results_to_json(example(), example_run(), false, &be);
  const std::string from_json = render_html_report(json, "r.json");
  const std::string direct = render_html_report(example(), example_run(), "r.json", &be);
  const std::string list = between(from_json, "<ul id=\"break-even-pairs\">", "</ul>");
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list, between(direct, "<ul id=\"break-even-pairs\">", "</ul>"));  // JSON round trip
  EXPECT_EQ(count(list, "<li>"), be.pairs.size());
  EXPECT_NE(list.find("<li><strong>ecs-fargate</strong> vs <strong>ecs-ec2</strong> (Fargate vs EC2): no crossing "
                      "between \xC3\x97\xC2\xA0" "0.25 and \xC3\x97\xC2\xA0" "8; ecs-fargate is cheaper throughout</li>"),
            std::string::npos)
      << list;
  bool crossing = false;
  for (const auto& p : be.pairs) {
    const std::string head = "<li><strong>" + p.a + "</strong> vs <strong>" + p.b + "</strong>";
    const std::string line = between(list, head, "</li>");
    ASSERT_FALSE(line.empty()) << head;
    if (p.crossings.empty()) {
      EXPECT_NE(line.find("no crossing"), std::string::npos) << line;
      if (!p.cheaper_throughout.empty()) {
        EXPECT_NE(line.find(p.cheaper_throughout + " is cheaper throughout"), std::string::npos) << line;
      }
      continue;
    }
    crossing = true;
    char buf[96];
    std::snprintf(buf, sizeof buf, "meet at \xC3\x97\xC2\xA0%.2f", p.crossings[0]);
    EXPECT_NE(line.find(buf), std::string::npos) << line;
    ASSERT_FALSE(p.tasks_at_baseline.empty());
    std::snprintf(buf, sizeof buf, "(\xE2\x89\x88\xC2\xA0%.1f %s %s", p.crossings[0] * p.tasks_at_baseline[0].second,
                  p.tasks_at_baseline[0].first.c_str(), p.task_word.c_str());
    EXPECT_NE(line.find(buf), std::string::npos) << line;
  }
  EXPECT_TRUE(crossing);  // the example's EKS Fargate and EKS on EC2 meet inside the range
  EXPECT_TRUE(balanced(from_json));
  // A result written before pairs existed keeps the crossings' list.
  EXPECT_FALSE(has_id(render_html_report(with_break_even(example_json()), "r.json"), "break-even-pairs"));
}

TEST(ReportHtml, BreakEvenOfTheWrongShapeIsRefused) {
  std::string json = with_break_even(example_json());
  json.replace(json.find("[4.0, 4.8, 5.6, 7.2]"), 20, "[4.0, 4.8]");
  std::string place;
  EXPECT_EQ(error_id_of(json, &place), "fleetcast.input.2");
  EXPECT_EQ(place, "/break_even/mean_cost/ecs-ec2");
}

TEST(ReportHtml, CommitmentsGetTheirTable) {
  std::string scenario(example_scenario_json());
  const std::string anchor = R"({"name": "ecs-ec2", )";
  const std::size_t at = scenario.find(anchor);
  ASSERT_NE(at, std::string::npos);
  scenario.insert(
      at + anchor.size(),
      R"("commitments": [{"name": "csp-1y", "type": "compute_sp", "hourly_commitment": 0.1, "term": "1y", "payment": "no_upfront"}], )");
  const sim::scenario s = parse_scenario(scenario, "x", default_catalog());
  const std::string html = render_html_report(
      mc_results_to_json(s, mc::simulation(s).with_scenarios(50).run(), false), "c.json");
  EXPECT_TRUE(has_id(html, "commitments-table"));
  EXPECT_NE(html.find("csp-1y"), std::string::npos);
  EXPECT_TRUE(balanced(html));
}

TEST(ReportHtml, PackResultRendersTheHeuristics) {
  const std::string html = render_html_report(pack_json(), "pack.json");
  EXPECT_TRUE(has_id(html, "heuristics"));
  EXPECT_TRUE(has_id(html, "heuristics-chart"));
  EXPECT_TRUE(has_id(html, "heuristics-table"));
  EXPECT_FALSE(has_id(html, "cost-histogram"));
  for (const auto& name : packing::heuristic_names())
    EXPECT_NE(html.find(">" + name + "<"), std::string::npos) << name;
  EXPECT_EQ(count(html, "<svg "), 1u);
  EXPECT_TRUE(balanced(html));
  expect_self_contained(html);
}

TEST(ReportHtml, OnePackResultIsAnObject) {
  // `fleetcast pack FILE --format json` with one heuristic writes an object, not an array.
  const std::string one =
      R"({"heuristic": "ffd_sum", "status": "ok", "bins_used": 5, "cost_per_hour": 0.768,
    "lower_bound_bins": 4, "lower_bound_cost_per_hour": 0.6255, "gap_bins": 0.25, "gap_cost": 0.2278,
    "bins": [], "unplaced": [], "seconds": 1e-5})";
  const std::string html = render_html_report(one, "one.json");
  EXPECT_TRUE(has_id(html, "heuristics-chart"));
  EXPECT_NE(html.find("$0.7680"), std::string::npos);
}

TEST(ReportHtml, BadInputsHaveStableIds) {
  std::string place;
  EXPECT_EQ(error_id_of("{not json", &place), "fleetcast.input.1");
  EXPECT_EQ(place.rfind("bad.json:1:", 0), 0u) << place;
  EXPECT_EQ(error_id_of("  \n"), "fleetcast.input.10");
  EXPECT_EQ(error_id_of(R"({"hello": 1})", &place), "fleetcast.input.4");
  EXPECT_EQ(place, "/");
  EXPECT_EQ(error_id_of("42"), "fleetcast.input.2");
  EXPECT_EQ(error_id_of("[]"), "fleetcast.input.4");
  EXPECT_EQ(error_id_of(R"([{"heuristic": "a", "bins_used": 1, "cost_per_hour": 1}, {"nope": 1}])",
                        &place),
            "fleetcast.input.4");
  EXPECT_EQ(place, "/1");
  EXPECT_EQ(error_id_of(R"({"options": [{"name": "a", "cost": {"mean": "2.5"}}]})", &place),
            "fleetcast.input.2");
  EXPECT_EQ(place, "/options/0/cost/mean");
  EXPECT_EQ(error_id_of(R"({"options": "all"})", &place), "fleetcast.input.2");
  EXPECT_EQ(place, "/options");
  // One path (--trials 1) has no distribution: said so, at the option that lacks "cost".
  EXPECT_EQ(
      error_id_of(R"({"scenario": "x", "path": 0, "options": [{"name": "a", "total_usd": 1}]})",
                  &place),
      "fleetcast.input.4");
  EXPECT_EQ(place, "/options/0");
}

TEST(ReportHtml, WritesExamplesForBrowserCheck) {
  // Only for ctest report.write_example, which names the directory: a plain run of the test
  // binary (from anywhere) leaves no file behind.
  const char* dir = std::getenv("FLEETCAST_REPORT_EXAMPLE_DIR");
  if (dir == nullptr || *dir == '\0')
    GTEST_SKIP() << "FLEETCAST_REPORT_EXAMPLE_DIR is not set (ctest report.write_example sets it)";
  const std::string sim =
      render_html_report(with_break_even(example_json()), "payments-api (example)");
  const std::string pack = render_html_report(pack_json(), "examples/pack-eks-mixed.json");
  const std::string sim_path = std::string(dir) + "/report_example.html";
  const std::string pack_path = std::string(dir) + "/report_pack_example.html";
  std::ofstream(sim_path, std::ios::binary) << sim;
  std::ofstream(pack_path, std::ios::binary) << pack;
  std::ifstream a(sim_path), b(pack_path);
  EXPECT_TRUE(a.good() && b.good());
}

}  // namespace
}  // namespace fleetcast
