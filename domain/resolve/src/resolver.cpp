// Scoring and the resolved / ambiguous / not_found decision. Weights and rules are documented in
// docs/company-resolution.md; keep the two in step.
#include "buyergraph/resolve/resolver.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include "buyergraph/resolve/similarity.hpp"
#include "data_files.hpp"
#include "linkedin.hpp"

namespace buyergraph::resolve {
namespace {

// Feature weights. An identifier match sets the base score (the strongest one wins, they do not
// add up); bonuses and penalties then adjust it.
constexpr double kIdExact = 1.00;
constexpr double kSlugExact = 0.95;
constexpr double kSlugNormalised = 0.85;
constexpr double kDomainExact = 0.90;
constexpr double kRelatedSubdomain = 0.40;
constexpr double kTickerWithExchange = 0.85;
constexpr double kTickerSymbolOnly = 0.70;
constexpr double kNameExactFull = 0.85;  // equal including the legal form
constexpr double kNameExact = 0.80;      // equal after stripping legal forms
constexpr double kAliasExact = 0.75;     // an alias (another current name)
// A former name ranks below every current name: a name in use now is what a user means when
// it was once another company's ("aTyr Pharma" now, and the old name of Ethos Technologies).
constexpr double kFormerExact = 0.68;
constexpr double kFormerSameWords = 0.66;
constexpr double kFormerContainsWords = 0.62;
constexpr double kSameWords = 0.78;  // same distinctive words (order, weak words, initials)
constexpr double kAliasSameWords = 0.73;
constexpr double kContainsWords = 0.66;  // the candidate has every distinctive word of the query
constexpr double kAliasContainsWords = 0.64;
constexpr double kHasWords = 0.30;      // has the words among many more: listed, never picked
constexpr double kFuzzyWeight = 0.60;   // times name similarity
constexpr double kCorroborates = 0.05;  // the name (or domain label) agrees with the identifier
constexpr double kParentBonus = 0.10;   // parent of another candidate with the same identifier
constexpr double kConflict = 0.20;      // a stronger identifier of the query disagrees
constexpr double kSubEntity = 0.30;     // sub-entity marker on one side only (name queries)
constexpr double kSubEntityIdentifier = 0.15;  // sub-entity sharing an identifier
constexpr double kLegalFormDiffers = 0.10;
constexpr double kNameDisagrees = 0.15;  // the query's name is unlike this candidate's
constexpr double kMinResolvedScore = 0.60;

// Decisive identifier tiers, strongest last.
// kContained: the candidate's name has every distinctive word of the query's, and more.
enum Tier { kNone = 0, kFuzzy, kRelated, kContained, kName, kTicker, kDomain, kSlug, kId };

const char* tier_name(int t) {
  switch (t) {
    case kId:
      return "provider id";
    case kSlug:
      return "LinkedIn slug";
    case kDomain:
      return "domain";
    case kTicker:
      return "ticker";
    case kName:
      return "exact name";
    case kContained:
      return "the name's distinctive words";
    case kRelated:
      return "parent domain of a subdomain";
    case kFuzzy:
      return "similar name";
    default:
      return "nothing";
  }
}

struct Scored {
  Candidate cand;  // cand.company stays empty until the candidate is listed
  const sdk::Company* company = nullptr;
  int tier = kNone;
  const CompanyKeys* keys = nullptr;
  Evidence evidence;             // of the decisive match
  bool has_query_words = false;  // one of its names has every word of the query's, weak or not
  bool has_distinctive_words = false;  // one of its names has every distinctive word of the query
};

// A numeral or a roman numeral: "Acme Acquisition Corp II" is another entity than "Acme
// Acquisition Corp", never the same company with more words.
bool is_numeral(const std::string& t) {
  if (std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  return t.size() <= 4 &&
         std::all_of(t.begin(), t.end(), [](char c) { return c == 'i' || c == 'v' || c == 'x'; });
}

// The candidate name has every distinctive word of the query, and at most as many more as the
// query has ("Royal Caribbean" in "Royal Caribbean Cruises", not "Twin" in "Twin Vee
// Powercats"), none of them a numeral. A one-word query whose weak words the candidate lacks
// ("Genius Group" / "Genius Sports") is too little to go on.
bool contains_words(const NormalizedName& q, const NormalizedName& n) {
  if (q.distinctive.empty() || n.distinctive.size() <= q.distinctive.size()) return false;
  if (!std::includes(n.distinctive.begin(), n.distinctive.end(), q.distinctive.begin(),
                     q.distinctive.end()))
    return false;
  // More words than the query has are fine only when the query is how the name begins
  // ("Booz" for "Booz Allen Hamilton"), and then at most two.
  const std::size_t extra = n.distinctive.size() - q.distinctive.size();
  const bool begins =
      q.core.size() <= n.core.size() && std::equal(q.core.begin(), q.core.end(), n.core.begin());
  if (extra > q.distinctive.size() && !(begins && extra <= 2)) return false;
  for (const auto& t : n.distinctive)
    if (is_numeral(t) && !std::binary_search(q.distinctive.begin(), q.distinctive.end(), t))
      return false;
  const bool lacks_weak = std::any_of(q.core.begin(), q.core.end(), [&](const auto& t) {
    return std::find(n.core.begin(), n.core.end(), t) == n.core.end();
  });
  return !lacks_weak || q.distinctive.size() >= 2;
}

// Words of `name` that did not count: legal forms and weak words.
std::vector<std::string> set_aside(const NormalizedName& n) {
  std::vector<std::string> out = n.suffixes;
  for (const auto& t : n.core)
    if (!std::binary_search(n.distinctive.begin(), n.distinctive.end(), t) &&
        std::find(out.begin(), out.end(), t) == out.end())
      out.push_back(t);
  return out;
}

std::string fmt2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string first_label(const std::string& domain) { return domain.substr(0, domain.find('.')); }

bool owns(const CompanyKeys& k, const std::vector<std::string>& owners) {
  for (const auto& n : k.names) {
    if (std::find(owners.begin(), owners.end(), n.key) != owners.end()) return true;
  }
  return false;
}

std::string markers_text(const std::vector<std::string>& m) {
  std::string out;
  for (const auto& s : m) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The strongest identifier the query carries, as a tier.
int query_tier(const ParsedQuery& q) {
  if (q.has_id()) return kId;
  if (q.has_linkedin()) return kSlug;
  if (q.has_domain()) return kDomain;
  if (q.has_ticker()) return kTicker;
  if (q.has_name()) return kName;
  return kNone;
}

Scored score_candidate(const Resolver& r, const ParsedQuery& q, const sdk::Company& c,
                       const CompanyKeys& k) {
  Scored s;
  s.company = &c;
  s.keys = &k;
  auto& why = s.cand.reasons;
  double base = 0;
  auto take = [&](double v, int tier, std::string reason, Evidence ev) {
    why.push_back(std::move(reason));
    if (v > base) {
      base = v;
      s.tier = std::max(s.tier, tier);
      s.evidence = std::move(ev);
    }
  };
  bool conflict = false;
  int conflict_tier = kNone;

  if (q.has_id()) {
    if (c.id == q.provider_id) {
      take(kIdExact, kId, "id_exact: " + c.id, {"id_exact", "id", c.id, {}, {}});
    } else {
      conflict = true;
      conflict_tier = std::max(conflict_tier, int(kId));
    }
  }
  if (q.has_linkedin() && !k.linkedin_slug.empty()) {
    if (k.linkedin_slug == q.linkedin_slug) {
      take(kSlugExact, kSlug, "linkedin_slug_exact: " + q.linkedin_slug,
           {"linkedin_slug", "linkedin_url", c.linkedin_url, {}, {}});
    } else if (!q.linkedin_key.empty() && k.linkedin_key == q.linkedin_key) {
      take(kSlugNormalised, kSlug,
           "linkedin_slug_normalised: " + q.linkedin_slug + " ~ " + k.linkedin_slug,
           {"linkedin_slug", "linkedin_url", c.linkedin_url, {}, {}});
    } else {
      why.push_back("linkedin_slug_differs: " + k.linkedin_slug);
      conflict = true;
      conflict_tier = std::max(conflict_tier, int(kSlug));
    }
  }
  for (const auto& d : k.ignored_domains) why.push_back("platform_domain_ignored: " + d);
  if (q.has_domain()) {
    if (!q.domain_owners.empty() && !owns(k, q.domain_owners)) {
      why.push_back("platform_domain_not_owned: " + q.domain);
    } else {
      bool exact = false, related = false;
      for (std::size_t i = 0; i < k.sites.size(); ++i) {
        if (k.sites[i] == q.site)
          exact = true;
        else if (k.domains[i] == q.domain)
          related = true;
      }
      if (exact) {
        take(kDomainExact, kDomain, "domain_exact: " + q.site,
             {"domain_exact", "domain", q.site, {}, {}});
        for (const auto& n : k.names) {
          if (n.compact == first_label(q.domain)) {
            base += kCorroborates;
            why.push_back("domain_matches_name: " + n.key);
            break;
          }
        }
      } else if (related) {
        // sketchup.trimble.com vs trimble.com: the same owner's domain, a different entity.
        take(kRelatedSubdomain, kRelated,
             "related_entity: " + q.site + " and " + k.sites.front() + " share " + q.domain,
             {"related_entity", "domain", k.sites.front(), {}, {}});
      } else if (!k.domains.empty()) {
        for (const auto& d : k.domains) {
          if (first_label(d) == first_label(q.domain)) {
            why.push_back("tld_twin: " + d + " is not " + q.domain);
          }
        }
        why.push_back("domain_differs: " + k.domains.front());
        conflict = true;
        conflict_tier = std::max(conflict_tier, int(kDomain));
      }
    }
  }
  if (q.has_ticker()) {
    for (const auto& [ex, sym] : k.tickers) {
      if (sym != q.ticker_symbol) continue;
      if (!ex.empty() && !q.ticker_exchange.empty()) {
        if (ex == q.ticker_exchange)
          take(kTickerWithExchange, kTicker, "ticker_exact: " + ex + ":" + sym,
               {"ticker", "ticker", ex + ":" + sym, {}, {}});
        else
          why.push_back("ticker_other_exchange: " + ex + ":" + sym);
      } else {
        take(kTickerSymbolOnly, kTicker, "ticker_symbol: " + sym + " (exchange not compared)",
             {"ticker", "ticker", sym, {}, {}});
      }
    }
  }
  if (q.has_name() && !k.names.empty()) {
    double name_score = 0;
    int name_tier = kNone;
    std::string name_reason;
    Evidence name_evidence;
    const NormalizedName* matched = nullptr;
    const auto& qn = q.name_norm;
    for (std::size_t i = 0; i < k.names.size(); ++i) {
      const auto& n = k.names[i];
      const std::string& field = k.name_fields[i];
      const bool primary = field == "name" || field == "legal_name";
      const bool former = field == "former_name";
      const std::string label = primary ? field : field == "former_name" ? "former_name" : "alias";
      double v = 0;
      int tier = kName;
      std::string reason, rule;
      if (primary && n.key == qn.key && !n.suffixes.empty() && n.suffixes == qn.suffixes) {
        v = kNameExactFull;
        rule = "name_exact";
        reason = field + "_exact_with_legal_form: " + n.key + " " + n.suffixes.back();
      } else if (n.key == qn.key || n.compact == qn.compact) {
        v = primary ? kNameExact : former ? kFormerExact : kAliasExact;
        rule = "name_exact";
        reason = label + "_exact: " + n.key;
      } else if (!qn.signature.empty() && n.signature == qn.signature) {
        // "Hilton Worldwide" / "Hilton Worldwide Holdings Inc.", "D. R. Horton" / "HORTON D R".
        v = primary ? kSameWords : former ? kFormerSameWords : kAliasSameWords;
        rule = "name_same_words";
        reason = label + "_same_words: " + n.signature;
      } else if (contains_words(qn, n)) {
        // "Royal Caribbean Group" / "Royal Caribbean Cruises Ltd": every distinctive word is
        // there; resolves only when no other company has them all (see the decision).
        v = primary ? kContainsWords : former ? kFormerContainsWords : kAliasContainsWords;
        tier = kContained;
        rule = "name_contains_words";
        reason = label + "_contains_words: " + qn.signature + " in '" + n.key + "'";
      }
      if (!s.has_query_words)
        s.has_query_words = std::all_of(qn.core.begin(), qn.core.end(), [&](const auto& t) {
          return std::find(n.core.begin(), n.core.end(), t) != n.core.end();
        });
      if (!s.has_distinctive_words && !qn.distinctive.empty())
        s.has_distinctive_words = std::includes(n.distinctive.begin(), n.distinctive.end(),
                                                qn.distinctive.begin(), qn.distinctive.end());
      if (v > name_score) {
        name_score = v;
        name_tier = tier;
        name_reason = reason;
        matched = &n;
        name_evidence = {rule, label, k.raw_names[i], qn.distinctive, set_aside(n)};
      }
    }
    double sim = 0;
    std::string sim_name;
    for (const auto& n : k.names) {
      double v = name_similarity(q.name_norm.core, q.name_norm.compact, n.core, n.compact);
      if (v > sim) {
        sim = v;
        sim_name = n.key;
      }
    }
    if (name_tier == kNone && sim >= r.options().min_name_similarity) {
      name_score = kFuzzyWeight * sim;
      name_tier = kFuzzy;
      name_reason = "name_similar: " + fmt2(sim) + " to '" + sim_name + "'";
    } else if (name_tier == kNone && s.has_distinctive_words) {
      // Every distinctive word, but too many more words to count as the same company: listed,
      // and it makes another candidate with those words ambiguous.
      name_score = kHasWords;
      name_tier = kFuzzy;
      name_reason = "name_has_words: " + qn.signature;
    }
    if (s.tier > kName) {
      // A stronger identifier decided; the name only corroborates or not.
      if (name_tier == kName || sim >= 0.9) {
        base += kCorroborates;
        why.push_back("name_corroborates: " + (name_reason.empty() ? sim_name : name_reason));
      } else if (sim < 0.5) {
        base -= kNameDisagrees;
        why.push_back("name_differs: '" + k.names.front().key + "' vs '" + q.name_norm.key + "'");
      }
    } else if (name_tier != kNone) {
      if (name_tier == kFuzzy)
        name_evidence = {"name_similar", "name", sim_name, qn.distinctive, {}};
      take(name_score, name_tier, name_reason, name_evidence);
      if (matched && !q.name_norm.suffixes.empty() && !matched->suffixes.empty() &&
          q.name_norm.suffixes.back() != matched->suffixes.back()) {
        base -= kLegalFormDiffers;
        why.push_back("legal_form_differs: " + matched->suffixes.back() + " vs " +
                      q.name_norm.suffixes.back());
      }
    }
    // Sub-entity markers on one side only: "Contoso" vs "Contoso Medical School".
    if (s.tier != kNone) {
      const auto& cm = (matched ? *matched : k.names.front()).markers;
      std::vector<std::string> only_c, only_q;
      for (const auto& m : cm) {
        if (std::find(q.name_norm.markers.begin(), q.name_norm.markers.end(), m) ==
            q.name_norm.markers.end())
          only_c.push_back(m);
      }
      for (const auto& m : q.name_norm.markers) {
        if (std::find(cm.begin(), cm.end(), m) == cm.end()) only_q.push_back(m);
      }
      if (!only_c.empty() || !only_q.empty()) {
        base -= kSubEntity;
        why.push_back("sub_entity: " + (only_c.empty()
                                            ? "query has '" + markers_text(only_q) + "'"
                                            : "candidate has '" + markers_text(only_c) + "'"));
      }
    }
  } else if (s.tier > kName && !k.names.empty() && !k.names.front().markers.empty()) {
    base -= kSubEntityIdentifier;
    why.push_back("sub_entity: candidate has '" + markers_text(k.names.front().markers) + "'");
  }
  if (conflict && conflict_tier > s.tier && s.tier != kNone) {
    base -= kConflict;
    why.push_back(std::string("conflict: the query's ") + tier_name(conflict_tier) +
                  " does not match this candidate");
  }
  s.cand.score = s.tier == kNone ? 0 : std::max(0.0, base);
  return s;
}

std::string company_label(const sdk::Company& c) { return "'" + c.name + "' (" + c.id + ")"; }

// Whether `o` contests the leader `top`. For an identifier, any runner-up (the margin then
// decides). For a name, only evidence as strong, or a name with the words the user typed:
// - an exact name ("Apple" / Apple Inc.) is contested by another exact name, or by the same
//   words with every word typed ("Eastern" / Eastern International Ltd.), not by a name that
//   merely contains the words (Apple Hospitality REIT);
// - the same words after weak words are set aside ("Volvo" / Volvo Group) also by any name
//   with every word typed ("Volvo Cars");
// - every distinctive word ("Royal Caribbean Group" / Royal Caribbean Cruises) by any other
//   name with them all, unless the leader has every word typed and the other does not
//   ("Royce Global" / Royce Global Trust, not Royce Micro-Cap Trust).
bool contests(const Scored& top, const Scored& o) {
  if (top.tier > kName) return true;
  const std::string& rule = top.evidence.rule;
  if (rule == "name_exact")
    return o.tier >= kName && (o.evidence.rule == "name_exact" || o.has_query_words);
  if (rule == "name_same_words") return o.tier >= kName || o.has_query_words;
  return (o.tier >= kContained || o.has_distinctive_words) &&
         (!top.has_query_words || o.has_query_words);
}

}  // namespace

sdk::Result<Resolver> Resolver::load_default() { return load(ResolverFiles{}); }

sdk::Result<Resolver> Resolver::load(const ResolverFiles& files) {
  const std::string dir = detail::data_dir() + "/resolve/";
  auto pick = [](const std::string& given, std::string fallback) {
    return given.empty() ? fallback : given;
  };
  std::string psl_path = pick(files.public_suffix_list, PublicSuffixList::default_path());
  auto suffixes = detail::read_list(pick(files.legal_suffixes, dir + "legal-suffixes.txt"));
  if (!suffixes) return suffixes.error();
  auto markers = detail::read_list(pick(files.sub_entity_markers, dir + "sub-entity-markers.txt"));
  if (!markers) return markers.error();
  auto hosts = detail::read_list(pick(files.denylisted_hosts, dir + "denylisted-hosts.txt"));
  if (!hosts) return hosts.error();
  auto exchanges = detail::read_list(pick(files.exchanges, dir + "exchanges.txt"));
  if (!exchanges) return exchanges.error();
  NameConventions conventions;
  for (auto [given, file, out] :
       {std::tuple{&files.articles, "articles.txt", &conventions.articles},
        std::tuple{&files.weak_words, "weak-words.txt", &conventions.weak_words},
        std::tuple{&files.abbreviations, "abbreviations.txt", &conventions.abbreviations},
        std::tuple{&files.jurisdictions, "jurisdiction-markers.txt", &conventions.jurisdictions}}) {
    auto list = detail::read_list(pick(*given, dir + file));
    if (!list) return list.error();
    *out = std::move(*list);
  }
  auto confidence = detail::read_list(pick(files.confidence, dir + "confidence.txt"));
  if (!confidence) return confidence.error();
  auto psl = PublicSuffixList::load_shared(psl_path);
  if (!psl) return psl.error();

  Resolver r;
  r.names_ = NameNormalizer(*suffixes, *markers, conventions);
  for (const auto& line : *confidence) {
    auto space = line.find_first_of(" \t");
    char* end = nullptr;
    double v = space == std::string::npos ? -1 : std::strtod(line.c_str() + space, &end);
    if (v < 0 || v > 1 || end == line.c_str() + space)
      return sdk::Error{"invalid_input", "confidence.txt: expected 'rule value' in '" + line + "'"};
    r.confidence_[line.substr(0, space)] = v;
  }
  r.psl_ = std::move(*psl);
  std::vector<HostDenylist::Entry> entries;
  for (const auto& line : *hosts) {
    HostDenylist::Entry e;
    auto space = line.find_first_of(" \t");
    e.host = line.substr(0, space);
    if (space != std::string::npos) {
      std::string owners = line.substr(space + 1);
      std::size_t start = 0;
      while (start <= owners.size()) {
        auto bar = owners.find('|', start);
        std::string key =
            r.names_.key(owners.substr(start, bar == std::string::npos ? bar : bar - start));
        if (!key.empty()) e.owners.push_back(key);
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
    }
    entries.push_back(std::move(e));
  }
  r.denylist_ = HostDenylist(std::move(entries));
  for (auto& e : *exchanges) {
    for (auto& ch : e) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    r.exchanges_.push_back(e);
  }
  return r;
}

std::string Resolver::registrable_domain(std::string_view host_or_url) const {
  return psl_->registrable_domain(host_or_url);
}

CompanyKeys Resolver::keys(const sdk::Company& c) const {
  CompanyKeys k;
  auto add_name = [&](const std::string& text, const char* field) {
    if (text.empty()) return;
    auto n = names_.normalize(text);
    if (n.key.empty()) return;
    k.names.push_back(std::move(n));
    k.name_fields.emplace_back(field);
    k.raw_names.push_back(text);
  };
  add_name(c.name, "name");
  add_name(c.legal_name, "legal_name");
  for (const auto& a : c.aliases) add_name(a, "alias");
  for (const auto& a : c.former_names) add_name(a, "former_name");
  for (const auto& d : c.domains) {
    Url u = parse_url(d);
    if (!u.valid || u.is_ip) continue;
    std::string reg = psl_->registrable_domain(u.host);
    if (reg.empty()) continue;
    if (const auto* entry = denylist_.find(u.host)) {
      if (entry->owners.empty() || !owns(k, entry->owners)) {
        k.ignored_domains.push_back(u.host);
        continue;
      }
    }
    k.sites.push_back(site_of(u.host));
    k.domains.push_back(reg);
  }
  if (!c.linkedin_url.empty()) {
    Url u = parse_url(c.linkedin_url);
    std::string page;
    if (u.valid && psl_->registrable_domain(u.host) == "linkedin.com") {
      detail::linkedin_company_slug(u, page, k.linkedin_slug);
    } else if (c.linkedin_url.find_first_of("/.") == std::string::npos) {
      k.linkedin_slug = c.linkedin_url;  // a bare slug
      for (auto& ch : k.linkedin_slug)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    if (!k.linkedin_slug.empty()) {
      std::string spaced = k.linkedin_slug;
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      k.linkedin_key = names_.normalize(spaced).compact;
    }
  }
  for (auto t : c.tickers) {
    for (auto& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!t.empty() && t[0] == '$') t.erase(0, 1);
    auto colon = t.find(':');
    if (colon == std::string::npos)
      k.tickers.emplace_back("", t);
    else
      k.tickers.emplace_back(t.substr(0, colon), t.substr(colon + 1));
  }
  return k;
}

Resolution decide(const Resolver& resolver, const sdk::Account& account,
                  const std::vector<sdk::Company>& candidates) {
  return resolver.resolve(resolver.parse(account), candidates);
}

Resolution Resolver::resolve(std::string_view query,
                             const std::vector<sdk::Company>& candidates) const {
  return resolve(parse(query), candidates);
}

Resolution Resolver::resolve(const ParsedQuery& q,
                             const std::vector<sdk::Company>& candidates) const {
  std::vector<CompanyKeys> keys;
  keys.reserve(candidates.size());
  for (const auto& c : candidates) keys.push_back(this->keys(c));
  std::vector<const sdk::Company*> cs;
  std::vector<const CompanyKeys*> ks;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    cs.push_back(&candidates[i]);
    ks.push_back(&keys[i]);
  }
  return resolve(q, cs, ks);
}

Resolution Resolver::resolve(const ParsedQuery& q,
                             const std::vector<const sdk::Company*>& candidates,
                             const std::vector<const CompanyKeys*>& keys) const {
  Resolution res;
  res.query = q.raw;
  res.kind = std::string(to_string(q.kind));
  const int wanted = query_tier(q);
  if (wanted == kNone) {
    res.status = "not_found";
    res.reason = q.problem.empty() ? "the query carries no usable identifier" : q.problem;
    return res;
  }

  std::vector<Scored> scored;
  std::vector<std::string> near_misses;  // reasons worth telling when nothing matches
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Scored s = score_candidate(*this, q, *candidates[i], *keys[i]);
    if (s.tier != kNone && s.cand.score > 0) {
      scored.push_back(std::move(s));
    } else {
      for (const auto& why : s.cand.reasons) {
        if (why.rfind("tld_twin", 0) == 0 || why.rfind("platform_domain_not_owned", 0) == 0) {
          near_misses.push_back(company_label(*candidates[i]) + ": " + why);
        }
      }
    }
  }
  // Parent and subsidiary holding the same identifier: the parent owns it; both stay listed.
  for (auto& a : scored) {
    for (const auto& b : scored) {
      if (&a == &b || b.company->parent_id.empty() || b.company->parent_id != a.company->id)
        continue;
      if (a.tier == b.tier && a.tier >= kTicker) {
        a.cand.score += kParentBonus;
        a.cand.reasons.push_back("parent_of: " + company_label(*b.company));
      }
    }
  }
  for (auto& s : scored) {
    if (s.company->parent_id.empty()) continue;
    for (const auto& p : scored) {
      if (p.company->id == s.company->parent_id) {
        s.cand.reasons.push_back("subsidiary_of: " + company_label(*p.company));
      }
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.cand.score != b.cand.score) return a.cand.score > b.cand.score;
    return a.company->id < b.company->id;
  });
  for (std::size_t i = 0; i < scored.size() && i < options_.max_candidates; ++i) {
    res.candidates.push_back(scored[i].cand);
    res.candidates.back().company = *scored[i].company;
  }
  std::string prefix = q.problem.empty() ? "" : q.problem + "; ";

  if (scored.empty()) {
    res.status = "not_found";
    res.reason = prefix + "no candidate matches the " + tier_name(wanted) + " '" +
                 (wanted == kId       ? q.provider_id
                  : wanted == kSlug   ? q.linkedin_slug
                  : wanted == kDomain ? q.domain
                  : wanted == kTicker ? q.ticker_symbol
                                      : q.name_norm.key) +
                 "'";
    if (wanted == kName)
      res.reason += " (nothing reaches name similarity " + fmt2(options_.min_name_similarity) + ")";
    for (const auto& m : near_misses) res.reason += "; " + m;
    return res;
  }
  const Scored& top = scored.front();
  res.status = "ambiguous";
  if (top.tier == kFuzzy) {
    res.reason = prefix + "no exact match for '" + q.name_norm.key + "'; " +
                 std::to_string(res.candidates.size()) + " similar name(s) need confirmation";
    return res;
  }
  if (top.tier == kRelated) {
    res.reason = prefix + "'" + q.site + "' is a subdomain of " + company_label(*top.company) +
                 "'s domain " + q.domain + ": a related entity, confirm explicitly";
    return res;
  }
  // A name query is answered by an exact name or, failing that, by the one company whose name
  // has every distinctive word of the query.
  if (top.tier < wanted && !(wanted == kName && top.tier == kContained)) {
    res.reason = prefix + "the query's " + tier_name(wanted) +
                 " matched no candidate; a match on " + tier_name(top.tier) +
                 " alone is not enough";
    return res;
  }
  // Who could contest the leader: for an identifier, the runner-up; for a name, only candidates
  // with evidence as strong (a company merely containing the words does not contest an exact
  // name, but two companies containing them are ambiguous whatever their scores).
  const Scored* rival = nullptr;
  std::size_t rivals = 0;
  for (std::size_t i = 1; i < scored.size(); ++i) {
    if (!contests(top, scored[i])) continue;
    if (!rival) rival = &scored[i];
    ++rivals;
  }
  if (rival && top.tier <= kName && (top.tier == kContained || rival->tier < kName)) {
    res.reason = prefix + std::to_string(rivals + 1) +
                 " companies have every distinctive word of '" + q.name_norm.signature +
                 "', among them " + company_label(*top.company) + " and " +
                 company_label(*rival->company) + "; name the company more fully";
    return res;
  }
  if (rival && top.cand.score - rival->cand.score < options_.margin - 1e-9) {
    res.reason = prefix + company_label(*top.company) + " (" + fmt2(top.cand.score) + ") and " +
                 company_label(*rival->company) + " (" + fmt2(rival->cand.score) +
                 ") are within the margin " + fmt2(options_.margin) + " on " + tier_name(top.tier);
    return res;
  }
  if (top.cand.score < kMinResolvedScore) {
    res.reason = prefix + "best candidate " + company_label(*top.company) + " scores " +
                 fmt2(top.cand.score) + ", below " + fmt2(kMinResolvedScore);
    return res;
  }
  res.status = "resolved";
  res.company = *top.company;
  res.evidence = top.evidence;
  auto calibrated = confidence_.find(top.evidence.rule);
  res.confidence =
      calibrated != confidence_.end() ? calibrated->second : std::min(0.99, top.cand.score);
  res.reason = prefix + "matched on " + tier_name(top.tier) + ": " + top.cand.reasons.front();
  if (top.evidence.field == "former_name")
    res.reason +=
        "; '" + top.company->name + "' was formerly known as '" + top.evidence.matched + "'";
  if (scored.size() > 1) {
    res.reason +=
        "; runner-up " + company_label(*scored[1].company) + " at " + fmt2(scored[1].cand.score);
  }
  const auto& c = *top.company;
  if (top.keys->domains.empty())
    res.warnings.push_back("no_domain: the record has no usable website domain");
  for (const auto& d : top.keys->ignored_domains)
    res.warnings.push_back("platform_domain_ignored: " + d);
  if (c.industry.empty() || c.industry == "Unknown" || c.industry == "unknown") {
    res.warnings.push_back("industry_unknown");
  }
  if (!c.employees && c.size_range.empty())
    res.warnings.push_back("employees_unknown: not defaulted");
  return res;
}

}  // namespace buyergraph::resolve
