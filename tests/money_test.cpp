#include <gtest/gtest.h>

#include "fleetcast/billing/invoice.hpp"
#include "fleetcast/core/money.hpp"

namespace fleetcast {
namespace {

TEST(RoundToCents, HalfAwayFromZeroDespiteBinaryNoise) {
  // 1.005 is stored as 1.00499999999999989…; an invoice still shows $1.01.
  EXPECT_EQ(round_to_cents(1.005), 101);
  EXPECT_EQ(round_to_cents(-1.005), -101);
  EXPECT_EQ(round_to_cents(0.005), 1);
  EXPECT_EQ(round_to_cents(0.0049999), 0);
  // AWS Fargate pricing Example 1's three lines: $1.01196, $0.2223, $0.02772.
  EXPECT_EQ(round_to_cents(1.01196), 101);
  EXPECT_EQ(round_to_cents(0.2223), 22);
  EXPECT_EQ(round_to_cents(0.02772), 3);
  EXPECT_EQ(round_to_cents(0.0), 0);
  EXPECT_EQ(round_to_cents(123456789.994), 12345678999);
  EXPECT_DOUBLE_EQ(invoice_amount(2.675), 2.68);  // stored as 2.67499999…
}

TEST(CompensatedSum, TenMillionDimesSumToAMillion) {
  // Closed form: 1e7 × 0.1 = 1e6. A naive loop drifts by ~1.6e-4; Neumaier stays within 1 ulp.
  compensated_sum s;
  double naive = 0;
  for (int i = 0; i < 10'000'000; ++i) {
    s.add(0.1);
    naive += 0.1;
  }
  EXPECT_NEAR(s.value(), 1e6, 1e-9);
  EXPECT_GT(std::abs(naive - 1e6), 1e-5);  // shows the test would catch plain summation
}

TEST(CompensatedSum, MergeEqualsOneLongSum) {
  compensated_sum a, b, all;
  for (int i = 0; i < 1000; ++i) {
    const double x = 1e-3 * (i % 7) + 1e8 * (i == 500);
    (i < 600 ? a : b).add(x);
    all.add(x);
  }
  a.merge(b);
  EXPECT_DOUBLE_EQ(a.value(), all.value());
}

TEST(Invoice, SumsRoundedLinesBesideTheExactTotal) {
  // Three lines of $0.004 each: exact total $0.012 (→ $0.01), but each line rounds to $0.00,
  // so the invoice total is $0.00 — the difference AWS invoices show.
  invoice inv;
  for (int i = 0; i < 3; ++i) inv.lines.push_back({"x", "item", 1, "Hours", 0.004, 0.004, ""});
  EXPECT_NEAR(inv.total_usd(), 0.012, 1e-15);
  EXPECT_EQ(inv.invoice_total_cents(), 0);
  inv.lines.push_back({"y", "item", 1, "Hours", 0.006, 0.006, ""});
  EXPECT_EQ(inv.invoice_total_cents(), 1);
}

}  // namespace
}  // namespace fleetcast
