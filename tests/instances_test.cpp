// Benchmark instance readers (BPP, VBP, optima.csv) on small files written here, including
// CRLF endings and malformed input, and First-Fit-Decreasing against the `ffd_1d` column the
// data folder computed independently (shared/data/binpacking/README.md §1.3: ties cannot change
// the count, so the numbers must match exactly).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/instances.hpp"

namespace fleetcast::packing {
namespace {

namespace fs = std::filesystem;

/// A fresh folder per test (ctest runs tests in parallel processes), removed afterwards.
class temp_folder {
 public:
  temp_folder() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / ("fleetcast-instances-" + std::string(info->name()) + "-" +
                                         std::to_string(std::random_device{}()));
    fs::create_directories(path_);
  }
  ~temp_folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_folder(const temp_folder&) = delete;
  temp_folder& operator=(const temp_folder&) = delete;

  /// Writes `content` byte for byte (no newline translation) and returns the path.
  std::string write(const std::string& name, const std::string& content) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  fs::path path_;
};

/// The id and message of the input_error `f` throws ("" if it throws none).
template <class F>
std::pair<std::string, std::string> error_of(F&& f) {
  try {
    f();
  } catch (const input_error& e) {
    return {e.id(), e.what()};
  }
  return {};
}

std::string crlf(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

TEST(Instances, BppMergesEqualWeightsInFirstAppearanceOrder) {
  const temp_folder dir;
  const std::string text = "6\n150\n100\n40\n100\n7\n40\n100\n";
  const instance a = read_instance(dir.write("tiny.txt", text));
  EXPECT_EQ(a.name, "tiny");
  EXPECT_EQ(a.dims, 1u);
  EXPECT_EQ(a.capacity, std::vector<std::int64_t>{150});
  EXPECT_EQ(a.sizes, (std::vector<std::vector<std::int64_t>>{{100}, {40}, {7}}));
  EXPECT_EQ(a.counts, (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(a.item_count(), 6);
  // BPPLIB files have CRLF endings; tabs and runs of spaces are whitespace too.
  const instance b =
      read_instance(dir.write("tiny_crlf.txt", crlf("6 \t\n150\n100\n40\n100\n7\n40\n100\n")));
  EXPECT_EQ(b.sizes, a.sizes);
  EXPECT_EQ(b.counts, a.counts);
  EXPECT_EQ(b.capacity, a.capacity);
}

TEST(Instances, VbpKeepsItemTypesWithTheirMultiplicities) {
  const temp_folder dir;
  // d = 2, capacities differ per dimension (as vector2d_ct class 9), m = 3 types, n = 2+1+4.
  const std::string text = "2\n943 968\n3\n10 0 2\n943 968 1\n5 7 4\n";
  for (const auto& content : {text, crlf(text)}) {
    const instance v = read_instance(dir.write("CL_9_x.vbp", content));
    EXPECT_EQ(v.name, "CL_9_x");
    EXPECT_EQ(v.dims, 2u);
    EXPECT_EQ(v.capacity, (std::vector<std::int64_t>{943, 968}));
    EXPECT_EQ(v.sizes, (std::vector<std::vector<std::int64_t>>{{10, 0}, {943, 968}, {5, 7}}));
    EXPECT_EQ(v.counts, (std::vector<std::int64_t>{2, 1, 4}));
    EXPECT_EQ(v.item_count(), 7);
  }
}

TEST(Instances, ToProblemIsOneBinTypeOfPriceOne) {
  const instance v = parse_vbp("2\n100 50\n2\n30 20 3\n70 10 1\n", "mem", "two");
  const problem<2> p = to_problem<2>(v);
  ASSERT_EQ(p.bin_types.size(), 1u);
  EXPECT_EQ(p.bin_types[0].name, "bin");
  EXPECT_EQ(p.bin_types[0].capacity, (resources<2>{100, 50}));
  EXPECT_EQ(p.bin_types[0].cost_per_hour(), 1.0);
  EXPECT_EQ(p.shapes, (std::vector<resources<2>>{{30, 20}, {70, 10}}));
  EXPECT_EQ(p.counts, (std::vector<std::int64_t>{3, 1}));
  // Hand count: FFD by sum puts 70/10 + 30/20 in bin 1 (100/30), the other two 30/20 in bin 2.
  const auto r = pack_by_name<2>("ffd_sum", p, type_choice{type_policy::fixed, 0});
  EXPECT_EQ(r.bins_used(), 2);
  EXPECT_EQ(r.cost_per_hour, 2.0);
  EXPECT_EQ(error_of([&] { (void)to_problem<3>(v); }).first, "fleetcast.input.5");
}

TEST(Instances, MalformedFilesGiveStableIdsAndFileLine) {
  const temp_folder dir;
  struct bad_case {
    const char* file;
    std::string content;
    const char* id;
    const char* where;  // ":line" expected in the message
  };
  const std::vector<bad_case> cases = {
      {"empty.txt", "", "fleetcast.input.10", ":1"},
      {"blank.txt", " \r\n\r\n", "fleetcast.input.10", ":1"},
      {"word.txt", crlf("3\n150\n20\nabc\n30\n"), "fleetcast.input.1", ":4"},
      {"decimal.txt", "2\n150\n20.5\n30\n", "fleetcast.input.1", ":3"},
      {"binary.txt", "2\n150\n\x01\x02\n30\n", "fleetcast.input.1", ":3"},
      {"short.txt", crlf("3\n150\n20\n30\n"), "fleetcast.input.1", ":4"},
      {"long.txt", "2\n150\n20\n30\n40\n", "fleetcast.input.1", ":5"},
      {"too_big.txt", "2\n150\n151\n30\n", "fleetcast.input.5", ":3"},
      {"zero_weight.txt", "2\n150\n0\n30\n", "fleetcast.input.5", ":3"},
      {"zero_capacity.txt", "1\n0\n1\n", "fleetcast.input.5", ":2"},
      {"zero_items.txt", "0\n150\n", "fleetcast.input.5", ":1"},
      {"overflow.txt", "99999999999999999999999\n150\n", "fleetcast.input.5", ":1"},
      {"huge_n.txt", "9000000000000000000\n150\n1\n", "fleetcast.input.5", ":1"},
      {"negative.vbp", "2\n100 100\n2\n30 -1 1\n70 101 1\n", "fleetcast.input.5", ":4"},
      {"over_cap.vbp", "2\n100 100\n2\n30 1 1\n70 101 1\n", "fleetcast.input.5", ":5"},
      {"zero_q.vbp", crlf("2\n100 100\n1\n30 1 0\n"), "fleetcast.input.5", ":4"},
      {"zero_d.vbp", "0\n", "fleetcast.input.5", ":1"},
      {"short.vbp", "3\n100 100 100\n2\n30 1 1 1\n70 1\n", "fleetcast.input.1", ":5"},
      {"many_q.vbp", "1\n100\n2\n1 60000000\n1 60000000\n", "fleetcast.input.5", ":5"},
  };
  for (const auto& c : cases) {
    const std::string path = dir.write(c.file, c.content);
    const auto [id, what] = error_of([&] { (void)read_instance(path); });
    EXPECT_EQ(id, c.id) << c.file << ": " << what;
    EXPECT_NE(what.find(path + c.where + ": "), std::string::npos) << c.file << ": " << what;
  }
  // The whole message: id, file:line, the offending value and the allowed range.
  const std::string path = dir.write("spot.txt", crlf("3\n150\n20\n151\n30\n"));
  EXPECT_EQ(error_of([&] { (void)read_instance(path); }).second,
            "[fleetcast.input.5] " + path + ":4: item weight: 151 is outside [1, 150]");
  EXPECT_EQ(error_of([&] { (void)read_instance(dir.write("x.csv", "1\n1\n1\n")); }).first,
            "fleetcast.input.11");
  try {
    (void)read_instance((fs::temp_directory_path() / "fleetcast-no-such-file.txt").string());
    ADD_FAILURE() << "no error for a missing file";
  } catch (const io_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.io.1");
  }
}

TEST(Instances, OptimaCsvRowsWithAndWithoutOptimum) {
  const std::string text = crlf(
      "family,instance,capacity,dims,items,optimum,source,lb,ub,file,ffd_1d\n"
      "falkenauer_u,Falkenauer_u120_08,150,1,120,50,bpplib,50,50,falkenauer_u/"
      "Falkenauer_u120_08.txt,51\n"
      "vector2d_ct,CL_9_25_1,943;968,2,25,,computed_open,7,8,vector2d_ct/CL_9_25_1.vbp,\n"
      "\n");
  const auto rows = parse_optima_csv(text, "optima.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].family, "falkenauer_u");
  EXPECT_EQ(rows[0].instance, "Falkenauer_u120_08");
  EXPECT_EQ(rows[0].capacity, std::vector<std::int64_t>{150});
  EXPECT_EQ(rows[0].dims, 1u);
  EXPECT_EQ(rows[0].items, 120);
  EXPECT_EQ(rows[0].optimum, 50);
  EXPECT_EQ(rows[0].source, "bpplib");
  EXPECT_EQ(rows[0].lb, 50);
  EXPECT_EQ(rows[0].ub, 50);
  EXPECT_EQ(rows[0].file, "falkenauer_u/Falkenauer_u120_08.txt");
  EXPECT_EQ(rows[0].ffd_1d, 51);
  EXPECT_EQ(rows[1].capacity, (std::vector<std::int64_t>{943, 968}));
  EXPECT_EQ(rows[1].optimum, std::nullopt);
  EXPECT_EQ(rows[1].ffd_1d, std::nullopt);
  EXPECT_EQ(rows[1].lb, 7);
  EXPECT_EQ(rows[1].ub, 8);

  const std::string head = "family,instance,capacity,dims,items,optimum,source,lb,ub,file,ffd_1d\n";
  auto id_of = [](const std::string& t) {
    return error_of([&] { (void)parse_optima_csv(t, "o.csv"); });
  };
  EXPECT_EQ(id_of("").first, "fleetcast.input.10");
  EXPECT_EQ(id_of("family,instance,capacity,dims,items,optimum,source,lb,file,ffd_1d\n").first,
            "fleetcast.input.4");
  auto e = id_of(head + "f,i,150,1,120,50,bpplib,50,50,f/i.txt\n");  // a field short
  EXPECT_EQ(e.first, "fleetcast.input.1");
  EXPECT_NE(e.second.find("o.csv:2: "), std::string::npos) << e.second;
  EXPECT_EQ(id_of(head + "f,i,150,1,120,fifty,bpplib,50,50,f/i.txt,51\n").first,
            "fleetcast.input.1");
  EXPECT_EQ(id_of(head + "f,i,150,1,-120,50,bpplib,50,50,f/i.txt,51\n").first, "fleetcast.input.5");
  EXPECT_EQ(id_of(head + "f,i,150;150,1,120,50,bpplib,50,50,f/i.txt,51\n").first,
            "fleetcast.input.5");
}

// ---------------------------------------------------------------------------------------------
// Against the shared data folder, when it is there.

fs::path binpacking_dir() {
  return fs::path(FLEETCAST_SHARED_DATA_DIR) / "binpacking";
}

#define SKIP_WITHOUT_SHARED_DATA()                                                         \
  do {                                                                                     \
    if (!fs::exists(binpacking_dir() / "optima.csv")) {                                    \
      GTEST_SKIP()                                                                         \
          << "shared data not found at " << binpacking_dir().string()                      \
          << " (FLEETCAST_SHARED_DATA_DIR); the readers are still tested on inline files"; \
    }                                                                                      \
  } while (false)

// Every 1-D row (2,535, including those without a proven optimum): FFD by decreasing size
// reproduces optima.csv's ffd_1d exactly. In 1-D every ffd_* measure orders by weight.
TEST(Instances, FfdMatchesOptimaCsv) {
  SKIP_WITHOUT_SHARED_DATA();
  const auto rows = read_optima_csv((binpacking_dir() / "optima.csv").string());
  std::size_t checked = 0;
  for (const auto& r : rows) {
    if (r.dims != 1 || !r.ffd_1d) continue;
    const instance inst = read_instance((binpacking_dir() / r.file).string());
    ASSERT_EQ(inst.item_count(), r.items) << r.file;
    ASSERT_EQ(inst.capacity, r.capacity) << r.file;
    const problem<1> p = to_problem<1>(inst);
    const auto res = pack_by_name<1>("ffd_sum", p, type_choice{type_policy::fixed, 0});
    ASSERT_EQ(res.status, pack_status::ok) << r.file;
    EXPECT_EQ(res.bins_used(), *r.ffd_1d) << r.file;
    if (r.optimum) {
      EXPECT_GE(res.bins_used(), *r.optimum) << r.file;
    }
    ++checked;
  }
  EXPECT_EQ(
      checked,
      2535u);  // README §2: the 1-D folders hold 80+80+720+480+10+17+2·100+28+384+2·250+36 files
}

// Every file listed reads and agrees with its row, except the vector_triplet classC files
// that hold negative sizes (an upstream generator artefact; the format allows none).
TEST(Instances, SharedFilesReadAndAgreeWithOptimaCsv) {
  SKIP_WITHOUT_SHARED_DATA();
  const auto rows = read_optima_csv((binpacking_dir() / "optima.csv").string());
  EXPECT_EQ(rows.size(), 4615u);  // README: 4,615 instance files
  std::size_t rejected = 0;
  for (const auto& r : rows) {
    try {
      const instance inst = read_instance((binpacking_dir() / r.file).string());
      EXPECT_EQ(inst.name, r.instance);
      EXPECT_EQ(inst.dims, r.dims) << r.file;
      EXPECT_EQ(inst.item_count(), r.items) << r.file;
      EXPECT_EQ(inst.capacity, r.capacity) << r.file;
    } catch (const input_error& e) {
      ++rejected;
      EXPECT_EQ(e.id(), "fleetcast.input.5") << e.what();
      EXPECT_EQ(r.file.rfind("vector_triplet/classC_", 0), 0u) << e.what();
      EXPECT_NE(std::string(e.what()).find(": -"), std::string::npos) << e.what();
    }
  }
  RecordProperty("rejected", int(rejected));
}

}  // namespace
}  // namespace fleetcast::packing
