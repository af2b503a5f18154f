#pragma once
// Mapping between CoreSignal multi-source records (providers.md 1.7, 1.12) and the SDK records.
// Parsing is tolerant of type drift (ids, counts and years as strings, URLs as arrays, both
// `linkedin_url` and `professional_network_url`, experience in any order); only a record
// without an id or a name, or with a malformed `experience`, is rejected, with the field named.
#include <nlohmann/json.hpp>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::coresignal {

/// Provenance stamped on records mapped from CoreSignal JSON unless the caller gives one.
sdk::Provenance default_provenance();

/// An employee record (collect response, bulk line or preview object) as a Person.
/// `experience` keeps every entry, sorted by `order_in_profile`; `current` is
/// `active_experience == 1` of that entry. Root `active_experience_*` fields give the current
/// title/department/level/company, else the top current entry does. `is_parent == 0` sets
/// `duplicate`, `is_deleted` sets `deleted`, `"synthetic": true` sets provenance.synthetic, and
/// the demo extension `demo_phone_numbers: ["+1..."]` adds phone contact points.
///
///   auto p = person_from_coresignal(nlohmann::json::parse(line));
///   if (!p) std::cerr << p.error().message;   // e.g. "id: missing or not an id"
sdk::Result<sdk::Person> person_from_coresignal(
    const nlohmann::json& record, const sdk::Provenance& provenance = default_provenance());

/// A company record (collect/enrich response or bulk line) as a Company. `domains` holds the
/// registrable domain of `website` (never one derived from a LinkedIn or other platform URL).
///
///   auto c = company_from_coresignal(j);   // c->id == "8697858", c->domains[0] == "acme.com"
sdk::Result<sdk::Company> company_from_coresignal(
    const nlohmann::json& record, const sdk::Provenance& provenance = default_provenance());

/// A Person in CoreSignal employee shape, so a mock server can serve store records.
/// person_from_coresignal(to_coresignal(p)) gives back p except for what CoreSignal cannot
/// carry (contact validation results, manager_id, provenance other than `synthetic`).
///
///   nlohmann::json body = to_coresignal(person);   // body["experience"][0]["company_id"]
nlohmann::json to_coresignal(const sdk::Person& person);

/// A Company in CoreSignal company shape (see to_coresignal(const sdk::Person&)).
nlohmann::json to_coresignal(const sdk::Company& company);

/// What a CoreSignal JSON object describes.
enum class RecordKind { employee, company, unknown };

/// Tells an employee record from a company record by the fields present (a bulk JSONL file
/// may mix them).
///
///   classify(nlohmann::json{{"full_name", "Jane Doe"}}) == RecordKind::employee
RecordKind classify(const nlohmann::json& record);

}  // namespace buyergraph::coresignal
