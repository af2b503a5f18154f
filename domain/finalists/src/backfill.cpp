#include "buyergraph/finalists/backfill.hpp"

#include <algorithm>
#include <cctype>

#include "buyergraph/assembly/engagement.hpp"
#include "buyergraph/assembly/rules.hpp"
#include "buyergraph/assembly/spares.hpp"

namespace buyergraph::finalists {
namespace {

using nlohmann::json;

// Lower-case words separated by single spaces: "VP,  Sales" and "vp sales" are one title.
std::string title_key(const std::string& title) {
  std::string out;
  for (unsigned char c : title) {
    if (std::isalnum(c) || c >= 0x80)
      out.push_back(static_cast<char>(std::tolower(c)));
    else if (!out.empty() && out.back() != ' ')
      out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

json who(const sdk::Candidate& c) {
  return {{"person_id", c.person.id}, {"name", c.person.full_name}, {"title", c.person.title}};
}

void drop_flag(sdk::Candidate& c, std::string_view flag) {
  c.flags.erase(std::remove(c.flags.begin(), c.flags.end(), flag), c.flags.end());
}

}  // namespace

Backfill::Backfill(sdk::BuyerGroup group, Options options)
    : group_(std::move(group)), options_(std::move(options)) {
  for (auto& m : group_.members) seats_.push_back({.candidate = std::move(m)});
  group_.members.clear();
  // Spares per role, best last (so the next one is a pop_back); they leave `excluded` when used.
  for (const sdk::Candidate* s : assembly::ranked_spares(group_)) spares_[s->role].push_back(*s);
  for (auto& [role, list] : spares_) std::reverse(list.begin(), list.end());
}

std::vector<sdk::Person> Backfill::to_collect() const {
  std::vector<sdk::Person> out;
  for (const auto& s : seats_)
    if (s.state == Seat::State::pending) out.push_back(s.candidate.person);
  return out;
}

bool Backfill::done() const { return to_collect().empty(); }

std::size_t Backfill::most_to_buy() const {
  std::size_t spares = 0;
  for (const auto& [role, list] : spares_) spares += list.size();
  const int left = std::max(0, options_.max_replacements - replaced_);
  return to_collect().size() + std::min(spares, static_cast<std::size_t>(left));
}

void Backfill::stop(const std::string& reason) {
  for (auto& s : seats_)
    if (s.state == Seat::State::pending) {
      s.state = Seat::State::unverified;
      s.note = reason;
    }
}

std::optional<std::string> Backfill::failure(Seat& seat, const sdk::Person& full) const {
  const sdk::Person& preview = seat.candidate.person;
  if (!preview.title.empty() && title_key(preview.title) != title_key(full.title))
    return "title changed since the preview: '" + preview.title + "' is now '" + full.title + "'";
  for (const auto& other : seats_) {
    if (&other == &seat || other.state != Seat::State::verified) continue;
    const sdk::Person& p = other.candidate.person;
    if (p.id == full.id || (!full.profile_url.empty() && p.profile_url == full.profile_url))
      return "the same person as member " + p.full_name;
  }
  sdk::Candidate c = seat.candidate;
  c.person = full;
  c.excluded_reason.clear();
  screening::screen(c, group_.company, group_.seller, options_.screen);
  if (!c.excluded_reason.empty()) return c.excluded_reason;
  seat.candidate = std::move(c);
  return std::nullopt;
}

void Backfill::replace(std::size_t i, const std::string& reason) {
  Seat& seat = seats_[i];
  sdk::Candidate gone = seat.candidate;
  gone.excluded_reason = "failed verification on the full record: " + reason;
  json swap = {{"round", round_}, {"role", gone.role}, {"removed", who(gone)}, {"reason", reason}};
  auto& pool = spares_[gone.role];
  const bool allowed = round_ < options_.max_rounds && replaced_ < options_.max_replacements;
  if (allowed && !pool.empty()) {
    ++replaced_;
    sdk::Candidate next = std::move(pool.back());
    pool.pop_back();
    // The spare leaves the excluded list: it is a member now (pending its own full record).
    auto& ex = group_.excluded;
    ex.erase(std::remove_if(ex.begin(), ex.end(),
                            [&](const sdk::Candidate& c) { return c.person.id == next.person.id; }),
             ex.end());
    drop_flag(next, assembly::kSpareFlag);
    next.excluded_reason.clear();
    swap["replaced_by"] = who(next);
    seat = Seat{.candidate = std::move(next)};
  } else {
    swap["replaced_by"] = nullptr;
    seat.state = Seat::State::vacant;
    seat.note =
        pool.empty() ? "no spare left for role " + gone.role
        : round_ >= options_.max_rounds
            ? "verification rounds exhausted (" + std::to_string(options_.max_rounds) + ")"
            : "replacement limit reached (" + std::to_string(options_.max_replacements) + ")";
    swap["unfilled"] = seat.note;
  }
  swaps_.push_back(std::move(swap));
  group_.excluded.insert(group_.excluded.begin(), std::move(gone));
}

void Backfill::settle(const std::map<std::string, Collected>& answers) {
  std::vector<std::pair<std::size_t, std::string>> failed;
  for (std::size_t i = 0; i < seats_.size(); ++i) {
    Seat& seat = seats_[i];
    if (seat.state != Seat::State::pending) continue;
    auto it = answers.find(seat.candidate.person.id);
    if (it == answers.end() || (!it->second.person && it->second.dropped.empty())) {
      // No verdict (budget, dry run, transport): keep the ranked preview, say it is unverified.
      seat.state = Seat::State::unverified;
      seat.note = it == answers.end() ? "no answer for the full record" : it->second.error;
      continue;
    }
    ++collected_;
    const Collected& got = it->second;
    if (!got.person) {
      failed.emplace_back(i, got.dropped);
      continue;
    }
    if (auto why = failure(seat, *got.person)) {
      seat.candidate.person = *got.person;  // the excluded entry shows what the record says
      failed.emplace_back(i, *why);
      continue;
    }
    seat.state = Seat::State::verified;
  }
  for (const auto& [i, reason] : failed) replace(i, reason);
  ++round_;
}

sdk::BuyerGroup Backfill::take() {
  int verified = 0, vacant = 0;
  json unverified = json::array(), unfilled = json::array();
  for (auto& s : seats_) {
    switch (s.state) {
      case Seat::State::verified:
        ++verified;
        group_.members.push_back(std::move(s.candidate));
        break;
      case Seat::State::unverified:
      case Seat::State::pending:
        unverified.push_back({{"person_id", s.candidate.person.id}, {"reason", s.note}});
        group_.members.push_back(std::move(s.candidate));
        break;
      case Seat::State::vacant:
        ++vacant;
        unfilled.push_back({{"role", s.candidate.role}, {"reason", s.note}});
        break;
    }
  }
  seats_.clear();
  json summary = {{"records_bought", collected_}, {"verified", verified},
                  {"replaced", replaced_},        {"unfilled", unfilled},
                  {"unverified", unverified},     {"rounds", round_ - 1}};
  if (!group_.coverage.is_object()) group_.coverage = json::object();
  group_.coverage["verification"] = summary;
  if (group_.coverage.contains("size") && group_.coverage["size"].is_object())
    group_.coverage["size"]["found"] = static_cast<int>(group_.members.size());
  if (!group_.ledger.is_object()) group_.ledger = json::object();
  group_.ledger["verification"] = {{"records_bought", collected_}, {"swaps", swaps_}};
  // What each member's record cost is now the full record's price.
  json per = json::object();
  for (const auto& m : group_.members) per[m.person.id] = m.person.provenance.cost;
  group_.ledger["per_member"] = per;
  group_.engagement =
      assembly::engagement(group_.members, group_.seller, assembly::AssemblyRules::shared());

  auto warn = [&](const std::string& w) {
    if (!group_.run.is_object()) group_.run = json::object();
    if (!group_.run.contains("warnings") || !group_.run["warnings"].is_array())
      group_.run["warnings"] = json::array();
    group_.run["warnings"].push_back(w);
  };
  if (vacant > 0)
    warn(std::to_string(vacant) + " seat(s) left empty after members failed verification and " +
         "no spare could replace them; see coverage.verification");
  if (!unverified.empty())
    warn(std::to_string(unverified.size()) +
         " member(s) shown from search previews only: their full records were not bought (" +
         unverified[0]["reason"].get<std::string>() + ")");
  return std::move(group_);
}

}  // namespace buyergraph::finalists
