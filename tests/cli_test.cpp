// The driver in-process: formats, --output, --catalog, exit codes and one-line errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "cli.hpp"
#include "fleetcast/io/files.hpp"

namespace fleetcast {
namespace {

struct result {
  int code;
  std::string out, err;
};

result run(std::vector<const char*> args) {
  args.insert(args.begin(), "fleetcast");
  std::ostringstream out, err;
  const int code = cli::run(static_cast<int>(args.size()), args.data(), out, err);
  return {code, out.str(), err.str()};
}

std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() /
           ("fleetcast-cli-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(d);
  return d;
}

TEST(Cli, ExampleTableShowsLinesAndTotals) {
  const result r = run({"quote", "--example"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("payments-api"), std::string::npos);
  EXPECT_NE(r.out.find("337.507953"), std::string::npos);  // exact total, 6 decimals
  EXPECT_NE(r.out.find("337.50"), std::string::npos);      // invoice total
}

TEST(Cli, JsonHasTheDocumentedFields) {
  const result r = run({"quote", "--example", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* key : {"\"total_usd\": 337.5079531", "\"invoice_total_usd\": 337.5", "\"lines\"",
                          "\"name\"", "\"item\"", "\"quantity\"", "\"unit\"", "\"unit_price_usd\"",
                          "\"cost_usd\"", "\"invoice_usd\""})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
}

TEST(Cli, CsvHasAHeaderAndOneRowPerLinePlusTotal) {
  const result r = run({"quote", "--example", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("name,item,quantity,unit,unit_price_usd,cost_usd,invoice_usd,detail\n", 0), 0u);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1 + 7 + 1);
  EXPECT_NE(r.out.find("TOTAL,,,,,337.5079531,337.50,"), std::string::npos);
}

TEST(Cli, OutputFileIsWrittenWholeAndNothingIsLeftOnError) {
  const auto dir = temp_dir();
  const std::string out = (dir / "bill.csv").string();
  result r = run({"quote", "--example", "--format", "csv", "-o", out.c_str()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(read_text_file(out).find("TOTAL"), std::string::npos);
  std::filesystem::remove(out);
  const std::string bad = (dir / "bad.json").string();
  std::ofstream(bad) << R"({"fargate": [{"name": "a", "count": -1, "cpu": 512, "memory": 1024, "run_seconds": 60}]})";
  r = run({"quote", bad.c_str(), "-o", out.c_str()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("[fleetcast.input.5] /fargate/0/count: -1", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST(Cli, CatalogOptionReplacesTheBuiltInPrices) {
  const auto dir = temp_dir();
  std::string text = read_text_file(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/aws-us-east-1.json");
  // Double the EKS standard fee: the example's $73.00 control-plane line becomes $146.00.
  const std::string from = "\"standard\": {\"usd_per_hour\": 0.1,";
  text.replace(text.find(from), from.size(), "\"standard\": {\"usd_per_hour\": 0.2,");
  const std::string cat = (dir / "catalog.json").string();
  std::ofstream(cat) << text;
  const result r = run({"quote", "--example", "--catalog", cat.c_str(), "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("TOTAL,,,,,410.5079531,410.50,"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(Cli, UsageErrorsAreOneLineWithExitTwo) {
  for (auto args : {std::vector<const char*>{"quote"}, {"quote", "--example", "--format", "xml"},
                    {"nonsense"}, {}}) {
    const result r = run(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err.rfind("[fleetcast.usage.1] ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(Cli, HelpAndVersionSucceed) {
  EXPECT_EQ(run({"--help"}).code, 0);
  EXPECT_EQ(run({"--version"}).code, 0);
  const result r = run({"catalog"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("m6i.large"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast
