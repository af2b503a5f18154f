// Search evaluation, sorting and cursors for the mock search endpoints.
#include "search.hpp"

#include <algorithm>
#include <cstdio>

#include "buyergraph/mock/corpus.hpp"

namespace buyergraph::mock::detail {

using nlohmann::json;

std::string id_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

std::vector<Hit> run_query(const EsQuery& query,
                           const std::vector<std::shared_ptr<const json>>& docs) {
  std::vector<Hit> hits;
  for (const auto& d : docs)
    if (d)
      if (auto s = query.evaluate(*d)) hits.push_back({id_text((*d)["id"]), *s, d});
  return hits;
}

namespace {

/// The first value of a (dotted, non-nested) sort field, as a number when it is one.
json sort_value(const json& doc, const std::string& field) {
  const json* cur = &doc;
  std::size_t start = 0;
  while (start <= field.size()) {
    auto dot = field.find('.', start);
    std::string key =
        field.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (cur->is_array()) cur = cur->empty() ? nullptr : &(*cur)[0];
    if (!cur || !cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (cur->is_array()) return cur->empty() ? json() : (*cur)[0];
  return *cur;
}

/// Three-way comparison of sort values; missing values sort last in either direction.
int compare_values(const json& a, const json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null() ? 0 : (a.is_null() ? 2 : -2);
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  std::string x = a.is_string() ? a.get<std::string>() : a.dump();
  std::string y = b.is_string() ? b.get<std::string>() : b.dump();
  return x < y ? -1 : (x > y ? 1 : 0);
}

std::string format_score(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", s);
  return buf;
}

std::string updated_of(const Hit& h) {
  const json& u = (*h.doc).contains("updated_at") ? (*h.doc)["updated_at"] : json();
  return u.is_string() ? u.get<std::string>().substr(0, 10) : "2026-11-01";
}

}  // namespace

void sort_hits(std::vector<Hit>& hits, const std::vector<SortKey>& requested) {
  // No sort: Elasticsearch's default, relevance (`_score` descending), ties by ascending id.
  static const std::vector<SortKey> kRelevance = {{"_score", true}};
  const std::vector<SortKey>& keys = requested.empty() ? kRelevance : requested;
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    for (const auto& k : keys) {
      int c = 0;
      if (k.field == "_score") {
        c = a.score < b.score ? -1 : (a.score > b.score ? 1 : 0);
      } else if (k.field == "id") {
        c = id_less(a.id, b.id) ? -1 : (id_less(b.id, a.id) ? 1 : 0);
      } else {
        c = compare_values(sort_value(*a.doc, k.field), sort_value(*b.doc, k.field));
        if (c == 2 || c == -2) return c < 0;  // missing last, whatever the direction
      }
      if (c != 0) return k.descending ? c > 0 : c < 0;
    }
    return id_less(a.id, b.id);
  });
}

std::string cursor_of(const Hit& hit, const std::vector<SortKey>& keys) {
  if (keys.empty()) return "\"" + updated_of(hit) + "\"," + hit.id;
  const std::string& first = keys.front().field;
  if (first == "_score") return format_score(hit.score) + ",\"" + updated_of(hit) + "\"," + hit.id;
  if (first == "id") return hit.id;
  return sort_value(*hit.doc, first).dump() + "," + hit.id;
}

std::optional<std::size_t> position_after(const std::vector<Hit>& hits, const std::string& cursor) {
  std::string id =
      cursor.substr(cursor.rfind(',') == std::string::npos ? 0 : cursor.rfind(',') + 1);
  id.erase(std::remove(id.begin(), id.end(), '"'), id.end());
  for (std::size_t i = 0; i < hits.size(); ++i)
    if (hits[i].id == id) return i + 1;
  return std::nullopt;
}

}  // namespace buyergraph::mock::detail
