#include "buyergraph/assembly/dedupe.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>

#include "ranking.hpp"

namespace buyergraph::assembly {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Lower-case, single spaces, no leading/trailing blanks: "  Jane  DOE " -> "jane doe".
std::string squash(std::string_view s) {
  std::string out;
  for (char c : lower(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(size_t a, size_t b) { parent[find(a)] = find(b); }
};

// Higher is better supported: kept people first, then the record that says the most.
double support(const sdk::Candidate& c) {
  double s = c.excluded_reason.empty() ? 1e6 : 0;
  if (c.person.duplicate) s -= 1e5;  // the provider itself calls it a secondary copy
  s += 10.0 * static_cast<double>(c.evidence.size());
  s += 5.0 * static_cast<double>(c.person.contacts.size());
  s += static_cast<double>(c.person.experience.size());
  s += c.person.profile_url.empty() ? 0 : 3;
  return s + c.confidence;
}

std::string email_key(const sdk::ContactPoint& cp) {
  if (cp.kind != "email") return "";
  return squash(cp.normalized.empty() ? cp.value : cp.normalized);
}

}  // namespace

std::string normalize_linkedin_url(std::string_view url) {
  std::string u = lower(url);
  auto at = u.find("linkedin.com/in/");
  if (at == std::string::npos) return "";
  std::string slug = u.substr(at + 16);
  slug = slug.substr(0, slug.find_first_of("/?#"));
  if (slug.empty()) return "";
  return "linkedin.com/in/" + slug;
}

DedupeResult dedupe(std::vector<sdk::Candidate> candidates) {
  const size_t n = candidates.size();
  UnionFind uf(n);
  std::vector<std::string> why(n);  // the key that joined each record to an earlier one

  // Each key kind in order; the first record seen with a key value owns it.
  auto link = [&](const std::string& kind, auto keys_of) {
    std::map<std::string, size_t> owner;
    for (size_t i = 0; i < n; ++i) {
      for (const std::string& k : keys_of(candidates[i])) {
        if (k.empty()) continue;
        auto [it, fresh] = owner.emplace(k, i);
        if (!fresh && uf.find(it->second) != uf.find(i)) {
          uf.join(i, it->second);
          if (why[i].empty()) why[i] = kind;
        }
      }
    }
  };
  link("person_id", [](const sdk::Candidate& c) {
    std::vector<std::string> ids = c.person.alt_ids;
    ids.push_back(c.person.id);
    return ids;
  });
  link("linkedin_url", [](const sdk::Candidate& c) {
    return std::vector<std::string>{normalize_linkedin_url(c.person.profile_url)};
  });
  link("email", [](const sdk::Candidate& c) {
    std::vector<std::string> out;
    for (const auto& cp : c.person.contacts) out.push_back(email_key(cp));
    return out;
  });
  link("name_company", [](const sdk::Candidate& c) {
    std::string name = squash(c.person.full_name);
    std::string company =
        c.person.company_id.empty() ? squash(c.person.company_name) : c.person.company_id;
    if (name.empty() || company.empty()) return std::vector<std::string>{};
    return std::vector<std::string>{name + "|" + company};
  });

  std::map<size_t, std::vector<size_t>> groups;  // root -> members, in input order
  for (size_t i = 0; i < n; ++i) groups[uf.find(i)].push_back(i);

  // Keep the input order of each group's first record, so output is stable.
  std::vector<std::vector<size_t>> ordered;
  ordered.reserve(groups.size());
  for (auto& [root, members] : groups) ordered.push_back(members);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.front() < b.front(); });

  DedupeResult out;
  for (const auto& members : ordered) {
    size_t best = members.front();
    // Ties go to the smaller id, so the survivor never depends on arrival order (concurrent
    // providers deliver people in any order).
    auto before = [&](size_t a, size_t b) {
      double sa = support(candidates[a]), sb = support(candidates[b]);
      if (sa != sb) return sa > sb;
      const auto &ia = candidates[a].person.id, &ib = candidates[b].person.id;
      return ia.size() != ib.size() ? ia.size() < ib.size() : ia < ib;
    };
    for (size_t i : members)
      if (before(i, best)) best = i;
    sdk::Candidate kept = std::move(candidates[best]);
    if (members.size() > 1) {
      std::set<std::string> ids(kept.person.alt_ids.begin(), kept.person.alt_ids.end());
      std::set<std::string> emails;
      for (const auto& cp : kept.person.contacts) emails.insert(email_key(cp) + cp.value);
      std::string merged, keys;
      for (size_t i : members) {
        if (i == best) continue;
        const sdk::Candidate& other = candidates[i];
        if (!other.person.id.empty() && other.person.id != kept.person.id &&
            ids.insert(other.person.id).second)
          kept.person.alt_ids.push_back(other.person.id);
        for (const auto& a : other.person.alt_ids)
          if (a != kept.person.id && ids.insert(a).second) kept.person.alt_ids.push_back(a);
        // Contacts the survivor lacks are added, each keeping its own source; values that
        // conflict are not overwritten.
        for (const auto& cp : other.person.contacts)
          if (emails.insert(email_key(cp) + cp.value).second) kept.person.contacts.push_back(cp);
        merged += (merged.empty() ? "" : ", ") + other.person.id;
        ++out.merged;
      }
      for (size_t i : members)
        if (!why[i].empty() && keys.find(why[i]) == std::string::npos)
          keys += (keys.empty() ? "" : ", ") + why[i];
      kept.rule_ids.push_back("assembly.dedupe.merge");
      std::string note = "merged duplicate records ";
      note += merged;
      note += " into ";
      note += kept.person.id;
      note += " by ";
      note += keys;
      note += "; kept the best-supported record";
      kept.evidence.push_back({.field = "person.alt_ids",
                               .value = merged,
                               .source = detail::source_of(kept),
                               .note = std::move(note)});
    }
    out.candidates.push_back(std::move(kept));
  }
  return out;
}

}  // namespace buyergraph::assembly
