#include "fleetcast/io/bill_csv.hpp"
#include "gzip_stream.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <vector>

#include "fleetcast/billing/bill_workload.hpp"
#include "fleetcast/core/error.hpp"
#include "json_reader.hpp"

namespace fleetcast {
namespace {

/// The offset of the first byte that breaks UTF-8 in `s`, or npos when it is well-formed (no overlongs, no surrogates, at most U+10FFFF).
std::size_t first_bad_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned min = 0, cp = 0;
    if ((c & 0xE0) == 0xC0) n = 1, min = 0x80, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 2, min = 0x800, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 3, min = 0x10000, cp = c & 0x07;
    else return i;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return i;
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

/// RFC 4180 records from a stream, 64 KiB at a time; one record held at once.
class csv_stream {
 public:
  csv_stream(std::istream& in, std::string source, const input_limits& lim)
      : in_(in), source_(std::move(source)), lim_(lim), buf_(65536) {}

  /// The first bytes of the stream (up to 4), without consuming them.
  std::string_view peek_head() {
    fill();
    return {buf_.data() + pos_, std::min<std::size_t>(4, end_ - pos_)};
  }
  void skip(std::size_t n) { pos_ += n; }
  /// The bytes read ahead from the stream and not yet consumed.
  std::string_view buffered() const { return {buf_.data() + pos_, end_ - pos_}; }

  std::vector<std::string> fields;
  std::vector<char> quoted;
  std::size_t count = 0;
  std::uint64_t record_line = 0;

  std::string where(std::uint64_t line) const { return source_ + ":" + std::to_string(line); }

  /// Reads the next record into `fields[0..count)`; false at the end.
  bool next() {
    int c = get();
    while (c == '\r' || c == '\n') {  // blank lines between records
      if (c == '\n') ++line_;
      c = get();
    }
    if (c < 0) return false;
    record_line = line_;
    count = 0;
    for (;;) {
      if (count == fields.size()) {
        fields.emplace_back();
        quoted.push_back(0);
      }
      std::string& f = fields[count];
      f.clear();
      quoted[count] = 0;
      if (c == '"') {
        quoted[count] = 1;
        const std::uint64_t opened = line_;
        for (;;) {
          c = get();
          if (c < 0)
            throw input_error(errid::malformed_json, where(opened),
                              "a quoted field is not closed before the end of the file (quote it as \"...\", doubling inner quotes)");
          if (c == '"') {
            c = get();
            if (c == '"') {
              append(f, '"');
              continue;
            }
            break;
          }
          if (c == '\n') ++line_;
          append(f, char(c));
        }
        if (c >= 0 && c != ',' && c != '\n' && c != '\r')
          throw input_error(errid::malformed_json, where(line_),
                            "text after the closing quote of field " + std::to_string(count + 1) +
                                " (a quote inside a quoted field is written twice: \"\")");
      } else {
        while (c >= 0 && c != ',' && c != '\n' && c != '\r') {
          append(f, char(c));
          c = get();
        }
      }
      if (const std::size_t bad = first_bad_utf8(f); bad != std::string_view::npos) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", unsigned(static_cast<unsigned char>(f[bad])));
        throw input_error(errid::malformed_json, where(record_line),
                          "field " + std::to_string(count + 1) + " is not UTF-8 (byte " + hex +
                              "); save the bill as UTF-8");
      }
      ++count;
      if (c == ',') {
        c = get();
        continue;
      }
      if (c == '\r') {
        c = get();
        if (c != '\n' && c >= 0) --pos_;  // a lone CR ends the record too
      }
      if (c == '\n') ++line_;
      return true;
    }
  }

 private:
  void fill() {
    if (pos_ < end_ || eof_) return;
    in_.read(buf_.data(), std::streamsize(buf_.size()));
    end_ = std::size_t(in_.gcount());
    pos_ = 0;
    if (end_ == 0) eof_ = true;
  }
  int get() {
    if (pos_ == end_) {
      fill();
      if (eof_) return -1;
    }
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  void append(std::string& f, char c) {
    if (f.size() >= lim_.string_bytes)
      throw_limit(lim_, limit::string_bytes, where(record_line),
                  "the text of field " + std::to_string(count + 1) + " exceeds");
    f.push_back(c);
  }

  std::istream& in_;
  std::string source_;
  const input_limits& lim_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::uint64_t line_ = 1;
};

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return r;
}

// The columns read, as FOCUS 1.2 names them. The first eight are mandatory in FOCUS 1.0–1.2.
enum col : std::size_t {
  billed_cost,
  billing_currency,
  charge_period_start,
  charge_category,
  service_name,
  list_cost,
  pricing_quantity,
  pricing_unit,
  list_unit_price,
  region_id,
  pricing_category,
  commitment_id,
  commitment_status,
  charge_description,
  x_usage_type,
  x_operation,
  x_rate_key,
  x_option,
  cur_savings_plan_arn,  // CUR 2.0 only
  resource_id,           // read for the replay (bill_workload_accumulator) only
  tags,
  parent_resource_id,    // CUR 2.0 split cost allocation data only
  charge_period_end,
  cur_tags_map,          // CUR 2.0: the `tags` map, when the export chose it over resource_tags
  column_count
};
constexpr std::size_t mandatory_count = 8;
constexpr std::array<std::string_view, column_count> column_names = {
    "BilledCost",      "BillingCurrency",      "ChargePeriodStart",        "ChargeCategory",
    "ServiceName",     "ListCost",             "PricingQuantity",          "PricingUnit",
    "ListUnitPrice",   "RegionId",             "PricingCategory",          "CommitmentDiscountId",
    "CommitmentDiscountStatus", "ChargeDescription", "x_UsageType",       "x_Operation",
    "x_RateKey",       "x_Option",             "",
    "ResourceId",      "Tags",                 "",                         "ChargePeriodEnd",
    ""};
// The same in an AWS CUR 2.0 (Data Exports) CSV: BilledCost is the unblended (cash) cost,
// ListCost the public on-demand cost, ChargeCategory the line item type (mapped below), the
// commitment the RI or Savings Plan ARN. Required: the first eight but pricing_unit, and
// line_item_usage_type.
constexpr std::array<std::string_view, column_count> cur2_names = {
    "line_item_unblended_cost",       "line_item_currency_code",      "line_item_usage_start_date",
    "line_item_line_item_type",       "line_item_product_code",       "pricing_public_on_demand_cost",
    "line_item_usage_amount",         "pricing_unit",                 "pricing_public_on_demand_rate",
    "product_region_code",            "",                             "reservation_reservation_a_r_n",
    "",                               "line_item_line_item_description", "line_item_usage_type",
    "line_item_operation",            "",                             "",
    "savings_plan_savings_plan_a_r_n",
    "line_item_resource_id",          "resource_tags",                "split_line_item_parent_resource_id",
    "line_item_usage_end_date",       "tags"};

/// A CUR line item type as a FOCUS ChargeCategory.
std::string_view cur_charge_category(std::string_view t) noexcept {
  if (t == "Usage" || t == "DiscountedUsage" || t == "SavingsPlanCoveredUsage" || t == "SavingsPlanNegation")
    return "Usage";
  if (t == "RIFee" || t == "SavingsPlanRecurringFee" || t == "SavingsPlanUpfrontFee" || t == "Fee") return "Purchase";
  if (t == "Tax") return "Tax";
  if (t == "Credit" || t == "Refund") return "Credit";
  return "Adjustment";
}

/// A CUR product code as the FOCUS ServiceName AWS's FOCUS export writes for it.
std::string_view cur_service_name(std::string_view code) noexcept {
  if (code == "AmazonEC2") return "Amazon Elastic Compute Cloud";
  if (code == "AmazonECS") return "Amazon Elastic Container Service";
  if (code == "AmazonEKS") return "Amazon Elastic Kubernetes Service";
  if (code == "AmazonVPC") return "Amazon Virtual Private Cloud";
  if (code == "AWSELB") return "Elastic Load Balancing";
  if (code == "ComputeSavingsPlans") return "Savings Plans for AWS Compute usage";
  return code;
}


/// Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian; H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + std::int64_t(doe) - 719468;
}

/// "2025-03-01T05:00:00Z", "2025-03-01 05:00:00.000", "2025-03-01T05:00:00+00:00" (FOCUS's
/// ISO 8601 in UTC; CUR 2.0 CSVs as Athena and Data Exports write them) as seconds since the
/// epoch; false when it is not of that shape or has an offset other than UTC.
bool parse_utc_seconds(std::string_view s, std::int64_t& out) noexcept {
  auto digits = [&](std::size_t at, std::size_t n, unsigned& v) {
    if (at + n > s.size()) return false;
    v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + unsigned(s[i] - '0');
    }
    return true;
  };
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  std::size_t i = 10;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    if (!digits(i + 1, 2, h) || h > 23) return false;
    i += 3;
    if (i < s.size() && s[i] == ':') {
      if (!digits(i + 1, 2, mi) || mi > 59) return false;
      i += 3;
      if (i < s.size() && s[i] == ':') {
        if (!digits(i + 1, 2, se) || se > 60) return false;
        i += 3;
        if (i < s.size() && s[i] == '.') {
          ++i;
          while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        }
      }
    }
  }
  const std::string_view zone = s.substr(i);
  if (!(zone.empty() || zone == "Z" || zone == "+00:00" || zone == "+0000" || zone == " UTC")) return false;
  out = days_from_civil(y, mo, d) * 86400 + std::int64_t(h) * 3600 + std::int64_t(mi) * 60 + se;
  return true;
}

/// A tag key without its source prefix ("resourceTags/", "user:" stays) and separators, in
/// lower case: "aws:ecs:clusterName", "resourceTags/aws:ecs:clusterName" and CUR 2.0's
/// "aws_ecs_cluster_name" all become "awsecsclustername".
std::string tag_key(std::string_view k) {
  if (k.rfind("resourceTags/", 0) == 0) k.remove_prefix(13);
  std::string r;
  for (char c : k) {
    if (c == ':' || c == '_' || c == '-' || c == '/' || c == '.') continue;
    r.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
  }
  return r;
}

/// The container identity in a row's tags (a JSON object of strings: FOCUS `Tags`, CUR 2.0
/// `resource_tags` or `tags`). Throws input.1 when the text is not a JSON object.
struct tag_identity {
  std::string cluster, service, platform;
};
void read_tags(std::string_view text, tag_identity& id, const std::string& where, std::string_view column) {
  if (text.empty() || text == "{}") return;
  std::vector<std::pair<std::string, std::string>> pairs;
  const detail::json j = detail::json::parse(text, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    for (const auto& [k, v] : j.items())
      if (v.is_string()) pairs.emplace_back(k, v.get<std::string>());
  } else if (text.size() >= 2 && text.front() == '{' && text.back() == '}' && text.find('=') != std::string_view::npos) {
    // A map as Athena writes it in CSV: {key=value, key2=value2} (no quoting; values with ", "
    // in them cannot be told apart, and none of the keys read here has them).
    std::string_view body = text.substr(1, text.size() - 2);
    while (!body.empty()) {
      const auto comma = body.find(", ");
      const std::string_view item = body.substr(0, comma);
      const auto eq = item.find('=');
      if (eq != std::string_view::npos) pairs.emplace_back(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
      if (comma == std::string_view::npos) break;
      body.remove_prefix(comma + 2);
    }
  } else {
    throw input_error(errid::malformed_json, where,
                      std::string(column) + " \"" + std::string(text.substr(0, 64)) +
                          "\" is not a map of tags: a JSON object ({\"key\": \"value\", ...}, as FOCUS's Tags column is) "
                          "or {key=value, ...}");
  }
  std::string ns;
  for (const auto& [k, val] : pairs) {
    const std::string key = tag_key(k);
    if (key == "awsecsclustername") id.cluster = val, id.platform = "ecs";
    else if (key == "awseksclustername") id.cluster = val, id.platform = "eks";
    else if (key == "awsecsservicename" || key == "awseksdeployment") id.service = val;
    else if (key == "awseksnamespace") ns = val;
  }
  if (id.service.empty() && !ns.empty()) id.service = ns;
}
}  // namespace

std::uint64_t focus_bill_reader::read(std::istream& in, std::string_view source_view) {
  const std::string source(source_view);
  csv_stream csv(in, source, limits_);
  const std::string_view head = csv.peek_head();
  if (head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b') {
    // A .csv.gz (AWS Data Exports' default compression): inflated as it is read.
    if (inside_gzip_)
      throw input_error(errid::unsupported, source,
                        "the bill is gzip-compressed twice; decompress it once (gunzip) and read the .gz inside");
    detail::gzip_streambuf inflated(in, csv.buffered(), source);
    std::istream plain(&inflated);
    // An istream swallows what its buffer throws (it sets badbit) unless asked to rethrow it:
    // the gzip buffer's input errors must reach the user.
    plain.exceptions(std::ios::badbit);
    inside_gzip_ = true;
    struct reset {
      bool& flag;
      ~reset() { flag = false; }
    } at_exit{inside_gzip_};
    return read(plain, source);
  }
  if (head == "PAR1")
    throw input_error(errid::unsupported, source,
                      "the bill is Parquet, which fleetcast does not read: export the FOCUS table as CSV "
                      "(AWS Data Exports: format text/csv)");
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") csv.skip(3);  // UTF-8 BOM

  if (!csv.next()) throw input_error(errid::empty_input, source, "the bill is empty; a FOCUS CSV starts with its header row");
  const std::size_t width = csv.count;
  std::array<std::ptrdiff_t, column_count> at{};
  at.fill(-1);
  std::vector<std::string> header(csv.fields.begin(), csv.fields.begin() + std::ptrdiff_t(width));
  for (std::size_t i = 0; i < width; ++i) {
    const std::string name = lower(header[i]);
    for (std::size_t j = i + 1; j < width; ++j)
      if (lower(header[j]) == name)
        throw input_error(errid::duplicate, csv.where(1), "column \"" + header[i] + "\" appears twice in the header");
    if (name.find('/') != std::string::npos && name.rfind("lineitem/", 0) == 0)
      throw input_error(errid::unsupported, csv.where(1),
                        "this is a legacy AWS Cost and Usage Report (column \"" + header[i] +
                            "\"), which fleetcast does not read: export CUR 2.0 or the FOCUS 1.2 table from AWS "
                            "Data Exports instead");
  }
  bool cur2 = false;
  for (const auto& h : header) cur2 |= lower(h) == "line_item_line_item_type";
  const auto& names = cur2 ? cur2_names : column_names;
  for (std::size_t i = 0; i < width; ++i) {
    const std::string name = lower(header[i]);
    for (std::size_t c = 0; c < column_count; ++c)
      if (!names[c].empty() && lower(names[c]) == name) at[c] = std::ptrdiff_t(i);
  }
  std::string missing, all;
  for (const std::size_t c : {0, 1, 2, 3, 4, 5, 6, 7, 14}) {
    const bool required = cur2 ? c != pricing_unit : c < mandatory_count;
    if (!required) continue;
    all += (all.empty() ? "" : ", ") + std::string(names[c]);
    if (at[c] < 0) missing += (missing.empty() ? "" : ", ") + std::string(names[c]);
  }
  if (!missing.empty())
    throw input_error(errid::missing_field, csv.where(1),
                      std::string("the header lacks ") + (cur2 ? "CUR 2.0" : "FOCUS") + " column(s) " + missing +
                          (cur2 ? " (a CUR 2.0 bill read by fleetcast has all of " : " (a FOCUS 1.0-1.2 bill has all of ") +
                          all + ")");

  std::uint64_t rows = 0;
  while (csv.next()) {
    if (csv.count != width)
      throw input_error(errid::malformed_json, csv.where(csv.record_line),
                        "the row has " + std::to_string(csv.count) + " fields and the header " + std::to_string(width) +
                            " (quote fields that contain commas or line breaks)");
    auto field = [&](col c) -> std::string_view {
      if (at[c] < 0) return {};
      const auto i = std::size_t(at[c]);
      const std::string& f = csv.fields[i];
      if (!csv.quoted[i] && f == "NULL") return {};  // AWS writes NULL for a null
      return f;
    };
    auto number = [&](col c, bool required, double if_null) {
      const std::string_view f = field(c);
      if (f.empty()) {
        if (required)
          throw input_error(errid::missing_field, csv.where(csv.record_line),
                            std::string(names[c]) + " is null; it is mandatory on every row");
        return if_null;
      }
      double v = 0;
      const auto r = std::from_chars(f.data(), f.data() + f.size(), v);
      if (r.ec != std::errc() || r.ptr != f.data() + f.size() || !std::isfinite(v))
        throw input_error(errid::wrong_type, csv.where(csv.record_line),
                          std::string(names[c]) + " \"" + std::string(f.substr(0, 64)) +
                              "\" is not a decimal number (write it as 12.5 or 1.25e1, no currency sign or separators)");
      // No bill line comes near 10^18 (dollars, hours or GB); sums of such lines stay finite.
      if (std::abs(v) > 1e18)
        throw input_error(errid::out_of_range, csv.where(csv.record_line),
                          std::string(names[c]) + " " + std::string(f.substr(0, 64)) +
                              " is beyond 10^18: not a bill's figure");
      return v;
    };
    const std::string_view currency = field(billing_currency);
    if (currency.empty())
      throw input_error(errid::missing_field, csv.where(csv.record_line),
                        std::string(names[billing_currency]) + " is null; it is mandatory on every row");
    if (currency_.empty()) {
      if (currency != "USD")
        throw input_error(errid::unsupported, csv.where(csv.record_line),
                          std::string(names[billing_currency]) + " is \"" + std::string(currency) +
                              "\"; fleetcast's catalogs are in USD, so it compares USD bills only");
      currency_ = std::string(currency);
    } else if (currency != currency_) {
      throw input_error(errid::unsupported, csv.where(csv.record_line),
                        std::string(names[billing_currency]) + " \"" + std::string(currency) + "\" after \"" + currency_ +
                            "\": the bills mix currencies; give fleetcast one currency (USD) at a time");
    }
    if (field(charge_period_start).empty())
      throw input_error(errid::missing_field, csv.where(csv.record_line),
                        std::string(names[charge_period_start]) + " is null; it is mandatory on every row");
    bill_line l;
    l.billed_cost = number(billed_cost, true, 0);
    l.list_cost = number(list_cost, !cur2, 0);  // CUR leaves it empty on tax and credit rows
    l.pricing_quantity = number(pricing_quantity, false, 0);
    l.list_unit_price = number(list_unit_price, false, -1);
    l.service_name = field(service_name);
    l.charge_category = field(charge_category);
    l.pricing_unit = field(pricing_unit);
    l.region = field(region_id);
    l.pricing_category = field(pricing_category);
    l.commitment_id = field(commitment_id);
    l.commitment_status = field(commitment_status);
    l.charge_description = field(charge_description);
    l.usage_type = field(x_usage_type);
    l.operation = field(x_operation);
    l.rate_key = field(x_rate_key);
    l.option = field(x_option);
    if (cur2) {
      const std::string_view type = field(charge_category);
      l.charge_category = cur_charge_category(type);
      l.service_name = cur_service_name(field(service_name));
      if (type.rfind("SavingsPlan", 0) == 0) l.commitment_id = field(cur_savings_plan_arn);
      else if (type != "DiscountedUsage" && type != "RIFee") l.commitment_id = {};
      // A Savings Plan negation cancels the covered row's cost; its quantity and list cost are
      // the covered row's, so only its (negative) cost counts.
      if (type == "SavingsPlanNegation") {
        l.pricing_quantity = 0;
        l.list_cost = 0;
        l.list_unit_price = -1;
      }
    }
    tag_identity id;
    if (workload_) {
      l.resource_id = field(resource_id);
      l.parent_resource_id = field(parent_resource_id);
      read_tags(field(tags), id, csv.where(csv.record_line), names[tags]);
      if (id.cluster.empty() && id.service.empty())
        read_tags(field(cur_tags_map), id, csv.where(csv.record_line), names[cur_tags_map]);
      l.cluster_tag = id.cluster;
      l.service_tag = id.service;
      l.platform_tag = id.platform;
      std::int64_t start = 0, end = 0;
      const std::string_view s0 = field(charge_period_start), s1 = field(charge_period_end);
      if (!parse_utc_seconds(s0, start))
        throw input_error(errid::wrong_type, csv.where(csv.record_line),
                          std::string(names[charge_period_start]) + " \"" + std::string(s0.substr(0, 40)) +
                              "\" is not a UTC time such as 2025-03-01T05:00:00Z");
      l.hour = start >= 0 ? start / 3600 : (start - 3599) / 3600;
      // The replay needs hourly rows: a daily or monthly export cannot say when in the day the
      // usage ran. Only compute rows are checked (a monthly fee row is fine).
      if (!s1.empty() && parse_utc_seconds(s1, end) && end - start > 3600) {
        const recognised_line r = recognise(l);
        if (r.category == actual_category::fargate_vcpu || r.category == actual_category::fargate_memory ||
            r.category == actual_category::ec2_instance)
          throw input_error(errid::unsupported, csv.where(csv.record_line),
                            "the row covers " + std::string(s0) + " to " + std::string(s1) +
                                ": the replay (--scenario) needs an hourly bill (AWS Data Exports: time granularity "
                                "HOURLY; CUR 2.0 TIME_GRANULARITY HOURLY)");
      }
    }
    acc_.add(l);
    if (workload_) workload_->add(l);
    ++rows;
  }
  return rows;
}

std::uint64_t focus_bill_reader::read_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw io_error(errid::io_read, path, "cannot read the bill: it does not exist (check the path)");
  if (std::filesystem::is_directory(status))
    throw io_error(errid::io_read, path, "cannot read the bill: it is a directory; name the CSV files in it");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error(errid::io_read, path, "cannot open the bill for reading (check its permissions)");
  return read(in, path);
}

}  // namespace fleetcast
