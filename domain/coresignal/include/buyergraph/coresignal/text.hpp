#pragma once
// Text keys for matching: case- and accent-folded forms of names.
#include <string>
#include <string_view>

namespace buyergraph::coresignal {

/// Unicode case fold + compatibility composition + accent stripping; every run of characters
/// that are not letters or digits becomes one space; trimmed. Invalid UTF-8 is treated as
/// Latin-1 bytes dropped to spaces, never an error.
///
///   fold("  Société   Générale, S.A.") == "societe generale s a"
std::string fold(std::string_view text);

/// A company name as a match key: fold() minus trailing legal-form words ("inc", "corp",
/// "ltd", "gmbh", "s a", ...) and a leading "the". Used to generate candidates only, never
/// to decide a match.
///
///   normalize_company_name("The Acme Corporation, Inc.") == "acme"
std::string normalize_company_name(std::string_view name);

}  // namespace buyergraph::coresignal
