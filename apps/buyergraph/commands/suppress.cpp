// The `suppress` command: add, remove, list and import suppressed values in the store.
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "buyergraph/store/store.hpp"
#include "buyergraph/suppression/suppression.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

using namespace buyergraph::suppression;  // kinds, normalising and the list file

struct Args {
  std::vector<std::string> values;
  std::string kind;
  std::string reason;
  std::string store_path;
  std::string file;
  bool json = false;
};

[[noreturn]] void fail(const std::string& cmd, const std::string& message) {
  std::cerr << "buyergraph suppress " << cmd << ": " << message << "\n";
  throw CLI::RuntimeError(1);
}

std::unique_ptr<store::Store> open_store(const std::string& cmd, const Args& a) {
  std::string path = store::store_path(a.store_path);
  auto s = store::Store::open(path);
  if (!s) fail(cmd, s.error().message);
  return std::move(*s);
}

struct Normalised {
  Kind kind;
  std::string value;
};

// Every value normalised, or exit 1 listing each bad one (by position, the value may be PII).
std::vector<Normalised> normalise_all(const std::string& cmd, const Args& a) {
  std::optional<Kind> forced;
  if (!a.kind.empty()) {
    forced = parse_kind(a.kind);
    if (!forced) fail(cmd, "unknown --kind '" + a.kind + "' (email, domain, profile_url)");
  }
  std::vector<Normalised> out;
  bool bad = false;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    auto kind = forced ? forced : guess_kind(a.values[i]);
    if (!kind) {
      std::cerr << "buyergraph suppress " << cmd << ": value " << i + 1 << " is empty\n";
      bad = true;
      continue;
    }
    auto norm = normalize(*kind, a.values[i]);
    if (!norm) {
      std::cerr << "buyergraph suppress " << cmd << ": value " << i + 1 << " (" << to_string(*kind)
                << "): " << norm.error().message << "\n";
      bad = true;
      continue;
    }
    out.push_back({*kind, std::move(*norm)});
  }
  if (bad) throw CLI::RuntimeError(1);
  return out;
}

void run_add(const Args& a) {
  auto values = normalise_all("add", a);
  auto store = open_store("add", a);
  for (const auto& v : values)
    if (auto s = store->add_suppression(to_string(v.kind), v.value, a.reason); !s)
      fail("add", s.error().message);
  std::printf("suppressed %zu value(s)\n", values.size());
}

void run_remove(const Args& a) {
  auto values = normalise_all("remove", a);
  auto store = open_store("remove", a);
  std::size_t removed = 0, missing = 0;
  for (const auto& v : values) {
    auto r = store->remove_suppression(to_string(v.kind), v.value);
    if (!r) fail("remove", r.error().message);
    (*r ? removed : missing) += 1;
  }
  std::printf("removed %zu value(s)", removed);
  if (missing) std::printf(", %zu not on the list", missing);
  std::printf("\n");
}

void run_list(const Args& a) {
  auto store = open_store("list", a);
  auto rows = store->suppressions();
  if (!rows) fail("list", rows.error().message);
  if (a.json) {
    auto out = nlohmann::json::array();
    for (const auto& r : *rows)
      out.push_back(
          {{"kind", r.kind}, {"value", r.value}, {"reason", r.reason}, {"added_at", r.added_at}});
    std::cout << out.dump(2) << "\n";
    return;
  }
  for (const auto& r : *rows)
    std::cout << r.kind << "\t" << r.value << "\t" << r.added_at << "\t" << r.reason << "\n";
}

void run_import(const Args& a) {
  auto entries = parse_file(a.file);
  if (!entries) {
    // Line errors already read FILE:LINE: message; other errors get the command's prefix.
    if (entries.error().code == "invalid_input") {
      std::cerr << entries.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    fail("import", entries.error().message);
  }
  auto store = open_store("import", a);
  if (auto s = store->begin(); !s) fail("import", s.error().message);
  for (const auto& e : *entries) {
    if (auto s = store->add_suppression(to_string(e.kind), e.value, e.reason); !s) {
      (void)store->rollback();
      fail("import", a.file + ":" + std::to_string(e.line) + ": " + s.error().message);
    }
  }
  if (auto s = store->commit(); !s) fail("import", s.error().message);
  std::printf("imported %zu value(s) from %s\n", entries->size(), a.file.c_str());
}

void add_store_option(CLI::App* cmd, Args& a) {
  cmd->add_option("--store", a.store_path,
                  "Store file (default: $BUYERGRAPH_STORE or ~/.local/share/buyergraph/store.db)");
}

}  // namespace

void add_suppress_command(CLI::App& app) {
  auto* top = app.add_subcommand(
      "suppress", "The suppression list: people never collected nor shown (emails, domains, URLs)");
  top->require_subcommand(1);

  auto add = std::make_shared<Args>();
  auto* c = top->add_subcommand("add", "Suppress emails, domains or profile URLs");
  c->add_option("values", add->values, "Values to suppress")->required();
  c->add_option("--kind", add->kind, "email | domain | profile_url (default: guessed per value)");
  c->add_option("--reason", add->reason, "Why (kept in the store, never printed in reports)");
  add_store_option(c, *add);
  c->callback([add] { run_add(*add); });

  auto rm = std::make_shared<Args>();
  c = top->add_subcommand("remove", "Take values off the list");
  c->add_option("values", rm->values, "Values to remove")->required();
  c->add_option("--kind", rm->kind, "email | domain | profile_url (default: guessed per value)");
  add_store_option(c, *rm);
  c->callback([rm] { run_remove(*rm); });

  auto ls = std::make_shared<Args>();
  c = top->add_subcommand("list", "Print the list (kind, value, added_at, reason; tab-separated)");
  c->add_flag("--json", ls->json, "Print a JSON array");
  add_store_option(c, *ls);
  c->callback([ls] { run_list(*ls); });

  auto imp = std::make_shared<Args>();
  c = top->add_subcommand("import",
                          "Add every value of a file (one per line, or kind,value,reason)");
  c->add_option("file", imp->file, "Suppression file")->required();
  add_store_option(c, *imp);
  c->callback([imp] { run_import(*imp); });
}

}  // namespace buyergraph::cli
