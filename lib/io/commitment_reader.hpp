#pragma once
// Private to lib/: one Savings Plan or Reserved Instance in JSON, shared by the usage ledger
// of `commit apply` and the options of a scenario.

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "json_reader.hpp"

namespace fleetcast::detail {

/// `{"name", "type": "compute_sp"|"ec2_instance_sp"|"ri", "hourly_commitment", "family",
/// "region", "instance_type", "scope", "availability_zone", "os", "tenancy", "count",
/// "hourly_rate", "term", "payment"}`; the name defaults to `<type>-<index>` and must be new to
/// `names`; an RI's missing rate comes from the catalog's offer for its term and payment.
commitment read_commitment(const node& n, std::size_t index, std::set<std::string, std::less<>>& names,
                           const price_catalog& cat, std::string_view default_region);

}  // namespace fleetcast::detail
