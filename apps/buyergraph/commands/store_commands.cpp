// `buyergraph store migrate|copy|info`. A store is a file path or a postgresql:// URL; every
// message names it without its password.
#include "commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "buyergraph/store/copy.hpp"
#include "buyergraph/store/location.hpp"
#include "buyergraph/store/schema.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::cli {
namespace {

[[noreturn]] void fail(const std::string& cmd, const std::string& message) {
  std::cerr << "buyergraph store " << cmd << ": " << message << "\n";
  throw CLI::RuntimeError(1);
}

std::unique_ptr<store::Store> open_or_fail(const std::string& cmd, const std::string& target) {
  auto s = store::Store::open(target);
  if (!s) fail(cmd, s.error().message);
  return std::move(*s);
}

void run_migrate(const std::string& given) {
  const std::string target = store::store_path(given);
  const std::string shown = store::display_store(target);
  auto before = store::Store::version_of(target);
  if (!before) fail("migrate", before.error().message);
  auto s = open_or_fail("migrate", target);
  const int after = s->stats().schema_version;
  if (*before == after)
    std::printf("%s: schema version %d, up to date\n", shown.c_str(), after);
  else
    std::printf("%s: schema version %d -> %d\n", shown.c_str(), *before, after);
}

void run_info(const std::string& given) {
  auto s = open_or_fail("info", store::store_path(given));
  const auto st = s->stats();
  std::printf("store:          %s\n", s->path().c_str());
  std::printf("backend:        %s\n",
              s->backend() == store::Backend::sqlite ? "SQLite" : "PostgreSQL");
  std::printf("schema version: %d\n", st.schema_version);
  std::printf("companies:      %lld\npeople:         %lld\n", static_cast<long long>(st.companies),
              static_cast<long long>(st.people));
}

// Progress on stderr: a redrawn line on a terminal, else a line per table and every few seconds.
class CopyProgressPrinter {
 public:
  CopyProgressPrinter() : tty_(isatty(STDERR_FILENO) == 1) {}
  void operator()(const store::CopyProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    const bool finished = p.done >= p.total;
    if (tty_) {
      std::fprintf(stderr, "\r\033[K%s: %lld of %lld", p.table.c_str(),
                   static_cast<long long>(p.done), static_cast<long long>(p.total));
      if (finished) std::fputc('\n', stderr);
    } else if (finished || now - last_ >= std::chrono::seconds(5)) {
      std::fprintf(stderr, "%s: %lld of %lld\n", p.table.c_str(), static_cast<long long>(p.done),
                   static_cast<long long>(p.total));
      last_ = now;
    }
  }

 private:
  bool tty_;
  std::chrono::steady_clock::time_point last_{};
};

void run_copy(const std::string& from, const std::string& to) {
  const std::string from_shown = store::display_store(from), to_shown = store::display_store(to);
  if (from == to) fail("copy", "FROM and TO are the same store");
  if (store::backend_of(from) == store::Backend::sqlite && !std::filesystem::exists(from))
    fail("copy", "no store at " + from_shown);
  auto source = open_or_fail("copy", from);
  auto dest = open_or_fail("copy", to);
  std::cerr << "copying " << from_shown << " into " << to_shown << "\n";
  CopyProgressPrinter progress;
  auto counts = store::copy_store(*source, *dest, [&](const auto& p) { progress(p); });
  if (!counts)
    fail("copy", counts.error().message + " (what was copied so far is kept; run the copy again)");
  std::printf("%-16s %12s %12s\n", "table", "read", "written");
  for (const auto& c : *counts)
    std::printf("%-16s %12lld %12lld\n", c.table.c_str(), static_cast<long long>(c.read),
                static_cast<long long>(c.written));
  std::printf("copied %s into %s\n", from_shown.c_str(), to_shown.c_str());
}

}  // namespace

void add_store_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("store", "The store: schema migrations, copying a store");
  cmd->require_subcommand(1);
  const char* store_help =
      "Store file or postgresql:// URL (default: $BUYERGRAPH_STORE, else "
      "~/.local/share/buyergraph/store.db)";

  auto migrate_store = std::make_shared<std::string>();
  auto* migrate = cmd->add_subcommand("migrate", "Bring a store's schema up to date");
  migrate->add_option("--store", *migrate_store, store_help);
  migrate->callback([migrate_store] { run_migrate(*migrate_store); });

  auto info_store = std::make_shared<std::string>();
  auto* info = cmd->add_subcommand("info", "Backend, schema version and size of a store");
  info->add_option("--store", *info_store, store_help);
  info->callback([info_store] { run_info(*info_store); });

  auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>();
  auto* copy = cmd->add_subcommand(
      "copy",
      "Copy everything in one store into another (e.g. a SQLite file into PostgreSQL); "
      "safe to re-run");
  copy->add_option("FROM", *from, "The store to read (file or postgresql:// URL)")->required();
  copy->add_option("TO", *to, "The store to write (created and migrated when needed)")->required();
  copy->callback([from, to] { run_copy(*from, *to); });
}

}  // namespace buyergraph::cli
