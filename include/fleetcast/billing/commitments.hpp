#pragma once
/// @file
/// Savings Plans and Reserved Instances applied to one hour of usage, in AWS's order:
/// Reserved Instances first (zonal, then regional; a regional Linux shared-tenancy RI is size
/// flexible within its family by normalization factor, applied from the smallest size up),
/// then EC2 Instance Savings Plans, then Compute Savings Plans. Within a plan type the usage
/// with the highest savings percentage (1 − plan rate / on-demand rate) goes first, ties to
/// the lowest plan rate, then input order. Each hour's commitment is charged whether it is
/// used or not; what is unused is lost. Spot usage is never covered; Fargate only by Compute
/// Savings Plans. Sources: aws-pricing-facts.md §6 (AWS Savings Plans user guide
/// "sp-applying", EC2 user guide "apply_ri").

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/units.hpp"

namespace fleetcast {

/// What a usage line measures: EC2 instance-hours, Fargate vCPU-hours or GB-hours, Lambda
/// (any unit; Compute Savings Plans cover it at the line's rate), or other billed usage no
/// commitment covers (Fargate storage above 20 GB, the Windows licence).
enum class usage_kind { ec2, fargate_vcpu, fargate_memory, lambda, other };
enum class commitment_type { compute_sp, ec2_instance_sp, reserved_instance };
enum class ri_scope { regional, zonal };
enum class payment_option { no_upfront, partial_upfront, all_upfront };

inline constexpr std::array<commitment_type, 3> all_commitment_types = {
    commitment_type::compute_sp, commitment_type::ec2_instance_sp, commitment_type::reserved_instance};
inline constexpr std::array<ri_scope, 2> all_ri_scopes = {ri_scope::regional, ri_scope::zonal};
inline constexpr std::array<payment_option, 3> all_payment_options = {
    payment_option::no_upfront, payment_option::partial_upfront, payment_option::all_upfront};
/// The names commitment files and the CLI use: `compute_sp`, `ec2_instance_sp`, `ri`.
[[nodiscard]] constexpr std::string_view to_string(commitment_type t) noexcept {
  switch (t) {
    case commitment_type::compute_sp: return "compute_sp";
    case commitment_type::ec2_instance_sp: return "ec2_instance_sp";
    case commitment_type::reserved_instance: return "ri";
  }
  return "?";
}
[[nodiscard]] constexpr std::string_view to_string(ri_scope s) noexcept {
  return s == ri_scope::regional ? "regional" : "zonal";
}
[[nodiscard]] constexpr std::string_view to_string(payment_option p) noexcept {
  switch (p) {
    case payment_option::no_upfront: return "no_upfront";
    case payment_option::partial_upfront: return "partial_upfront";
    case payment_option::all_upfront: return "all_upfront";
  }
  return "?";
}

/// One line of one hour's usage: a quantity of unit-hours and the rates that apply to it.
struct usage_line {
  std::string name;
  usage_kind kind = usage_kind::ec2;
  std::string instance_type;      ///< EC2: "r5.4xlarge" (family "r5", size "4xlarge")
  std::string region = "us-east-1";
  std::string availability_zone;  ///< a zonal RI covers only usage in its zone
  os_family os = os_family::linux_os;
  std::string tenancy = "shared";
  bool spot = false;              ///< Spot usage is never covered
  double quantity = 0;            ///< instance-hours, vCPU-hours or GB-hours in this hour
  double on_demand_rate = 0;      ///< USD per unit-hour without a commitment (Spot: the Spot rate)
  /// USD per unit-hour under a Compute SP / an EC2 Instance SP; NaN: that plan does not apply.
  double compute_sp_rate = std::numeric_limits<double>::quiet_NaN();
  double ec2_instance_sp_rate = std::numeric_limits<double>::quiet_NaN();
};

/// A Savings Plan or a Reserved Instance purchase.
struct commitment {
  std::string name;
  commitment_type type = commitment_type::compute_sp;
  /// Savings Plans: the commitment in USD per hour, charged every hour of the term (for All
  /// or Partial Upfront the upfront part is this commitment amortised over the term).
  double hourly_commitment = 0;
  std::string family;  ///< EC2 Instance SP: the instance family ("r5")
  std::string region = "us-east-1";
  // Reserved Instances.
  std::string instance_type;  ///< "m5.2xlarge"
  ri_scope scope = ri_scope::regional;
  std::string availability_zone;  ///< zonal RIs
  os_family os = os_family::linux_os;
  std::string tenancy = "shared";
  std::int64_t count = 0;  ///< instances reserved
  double hourly_rate = 0;  ///< RI: effective USD per instance-hour (upfront amortised)
  int term_years = 1;      ///< 1 or 3
  payment_option payment = payment_option::no_upfront;

  /// USD charged each hour, used or not.
  [[nodiscard]] double hourly_charge() const noexcept {
    return type == commitment_type::reserved_instance ? double(count) * hourly_rate : hourly_commitment;
  }
  /// Share of the hourly charge that is upfront payment amortised (0, 0.5 or 1: AWS's Partial
  /// Upfront pays at least half of the commitment upfront; fleetcast takes exactly half).
  [[nodiscard]] double upfront_share() const noexcept {
    return payment == payment_option::all_upfront ? 1.0 : payment == payment_option::partial_upfront ? 0.5 : 0.0;
  }
};

/// How much of one usage line one commitment covered in the hour.
struct coverage {
  std::size_t line = 0, commitment = 0;
  double quantity = 0;                 ///< unit-hours covered
  double on_demand_equivalent = 0;     ///< quantity × on-demand rate
  double spend = 0;                    ///< commitment dollars used (RIs: their rate's share)
};

/// One hour after commitments. Every amount is USD for the hour.
struct hour_application {
  double on_demand_equivalent = 0;          ///< Σ quantity × on-demand rate: what no commitment costs
  double covered_on_demand_equivalent = 0;  ///< the part of it commitments covered
  double commitment_charge = 0;             ///< Σ hourly charges, used or not
  double unused_commitment = 0;             ///< the part of the charges nothing used
  double on_demand_charge = 0;              ///< uncovered usage at its rate
  double total = 0;                         ///< commitment_charge + on_demand_charge
  std::vector<coverage> covered;            ///< in the order commitments were applied
  std::vector<double> used;                 ///< per commitment: USD of its charge used
  std::vector<double> uncovered;            ///< per usage line: unit-hours left on demand
};

/// The normalization factor of an instance size for RI size flexibility ("large" 4,
/// "xlarge" 8, "2xlarge" 16, …, "metal" by family), or nullopt for an unknown size.
[[nodiscard]] std::optional<double> normalization_factor(std::string_view instance_type);
/// The family of "m5.2xlarge": "m5".
[[nodiscard]] std::string_view instance_family(std::string_view instance_type) noexcept;
/// Whether a regional RI of this type is size flexible (Linux/Unix, shared tenancy, not
/// G4ad, G4dn, G5 or G5g).
[[nodiscard]] bool size_flexible(const commitment& ri) noexcept;

/// The catalog offer name of a plan's rates: "compute_sp_1yr_no_upfront",
/// "ec2_instance_sp_3yr_partial_upfront", "ri_standard_1yr_all_upfront".
[[nodiscard]] std::string catalog_offer(const commitment& c);

/// Applies `commitments` to one hour of `usage`. Pre: rates and quantities finite and ≥ 0.
/// Complexity: O(commitments × lines × log lines).
[[nodiscard]] hour_application apply_commitments(std::span<const usage_line> usage,
                                                 std::span<const commitment> commitments);

}  // namespace fleetcast
