// `buyergraph import` and `buyergraph cache`: the local store's data and response cache.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "buyergraph/store/import.hpp"
#include "buyergraph/store/location.hpp"
#include "buyergraph/store/store.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

using namespace buyergraph::store;  // the store's import and cache calls

struct ImportArgs {
  std::vector<std::string> files;
  std::string store_path;
  std::string format = "auto";
  std::size_t max_error_lines = 100;
};

// Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(std::string file)
      : file_(std::move(file)), tty_(isatty(STDERR_FILENO) == 1) {}
  void operator()(const ImportProgress& p) {
    double rate = p.seconds > 0 ? static_cast<double>(p.records) / p.seconds : 0;
    if (tty_) {
      int pct = p.total_bytes ? static_cast<int>(100.0 * static_cast<double>(p.bytes) /
                                                 static_cast<double>(p.total_bytes))
                              : 0;
      pct = std::min(pct, 100);
      std::string bar(static_cast<std::size_t>(pct / 4), '#');
      bar.resize(25, '.');
      std::fprintf(stderr, "\r%s [%s] %3d%% %llu records, %.0f/s ", file_.c_str(), bar.c_str(), pct,
                   static_cast<unsigned long long>(p.records), rate);
      drawn_ = true;
    } else if (p.seconds - last_ >= 5.0) {
      last_ = p.seconds;
      std::fprintf(stderr, "%s: %llu records, %.0f/s\n", file_.c_str(),
                   static_cast<unsigned long long>(p.records), rate);
    }
  }
  void done() {
    if (drawn_) std::fputs("\r\033[K", stderr);
  }

 private:
  std::string file_;
  bool tty_;
  bool drawn_ = false;
  double last_ = 0;
};

void run_import(const ImportArgs& args) {
  auto format = parse_format(args.format);
  if (!format) {
    std::cerr << "buyergraph import: unknown --format '" << args.format
              << "' (coresignal-jsonl, companies-csv, people-csv)\n";
    throw CLI::RuntimeError(1);
  }
  std::string path = store_path(args.store_path);
  auto store = Store::open(path);
  if (!store) {
    std::cerr << "buyergraph import: " << store.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  bool failed = false;
  for (const auto& file : args.files) {
    std::size_t printed = 0, suppressed = 0;
    ProgressPrinter progress(file);
    ImportOptions opt;
    opt.format = *format;
    opt.on_error = [&](const ImportError& e) {
      if (printed++ < args.max_error_lines) {
        progress.done();
        std::cerr << e.file << ":" << e.line << ": " << e.message << "\n";
      } else {
        ++suppressed;
      }
    };
    opt.on_warning = [&](const ImportError& e) {
      if (printed++ < args.max_error_lines) {
        progress.done();
        std::cerr << e.file << ":" << e.line << ": warning: " << e.message << "\n";
      }
    };
    opt.on_progress = [&](const ImportProgress& p) { progress(p); };
    auto sum = import_file(**store, file, opt);
    progress.done();
    if (!sum) {
      std::cerr << "buyergraph import: " << file << ": " << sum.error().message << "\n";
      failed = true;
      continue;
    }
    if (suppressed) std::cerr << file << ": " << suppressed << " more errors not shown\n";
    std::printf(
        "%s (%s): read %llu, imported %llu, updated %llu, unchanged %llu, errors %llu, "
        "%.0f records/s -> %s\n",
        file.c_str(), std::string(format_name(sum->format)).c_str(),
        static_cast<unsigned long long>(sum->read), static_cast<unsigned long long>(sum->inserted),
        static_cast<unsigned long long>(sum->updated),
        static_cast<unsigned long long>(sum->unchanged),
        static_cast<unsigned long long>(sum->errors), sum->rate(), display_store(path).c_str());
    if (sum->managers_linked || sum->managers_unresolved)
      std::printf("%s: reporting lines: %llu linked, %llu manager references matched nobody\n",
                  file.c_str(), static_cast<unsigned long long>(sum->managers_linked),
                  static_cast<unsigned long long>(sum->managers_unresolved));
    std::fflush(stdout);
    if (sum->errors) failed = true;
  }
  if (failed) throw CLI::RuntimeError(1);
}

struct CacheArgs {
  std::string store_path;
  std::string data_class;
};

std::unique_ptr<Store> open_for(const char* cmd, const CacheArgs& args) {
  std::string path = store_path(args.store_path);
  auto store = Store::open(path);
  if (!store) {
    std::cerr << "buyergraph cache " << cmd << ": " << store.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  return std::move(*store);
}

void run_cache_stats(const CacheArgs& args) {
  auto store = open_for("stats", args);
  auto stats = store->cache_stats(static_cast<std::int64_t>(std::time(nullptr)));
  if (!stats) {
    std::cerr << "buyergraph cache stats: " << stats.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  std::int64_t entries = 0, bytes = 0, expired = 0;
  std::printf("%-20s %10s %14s %10s\n", "class", "entries", "bytes", "expired");
  for (const auto& c : *stats) {
    if (!args.data_class.empty() && c.data_class != args.data_class) continue;
    std::printf("%-20s %10lld %14lld %10lld\n", c.data_class.c_str(),
                static_cast<long long>(c.entries), static_cast<long long>(c.bytes),
                static_cast<long long>(c.expired));
    entries += c.entries;
    bytes += c.bytes;
    expired += c.expired;
  }
  std::printf("%-20s %10lld %14lld %10lld\n", "total", static_cast<long long>(entries),
              static_cast<long long>(bytes), static_cast<long long>(expired));
}

void run_cache_purge(const CacheArgs& args) {
  auto store = open_for("purge", args);
  auto n = store->cache_purge(static_cast<std::int64_t>(std::time(nullptr)));
  if (!n) {
    std::cerr << "buyergraph cache purge: " << n.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  std::printf("purged %lld expired entries\n", static_cast<long long>(*n));
}

void run_cache_clear(const CacheArgs& args) {
  auto store = open_for("clear", args);
  auto n = store->cache_clear(args.data_class);
  if (!n) {
    std::cerr << "buyergraph cache clear: " << n.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  std::printf("cleared %lld entries%s%s\n", static_cast<long long>(*n),
              args.data_class.empty() ? "" : " of class ", args.data_class.c_str());
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand(
      "import", "Load CoreSignal JSONL bulk files or CSV exports into the local store");
  cmd->add_option("files", args->files, "Files to import (.jsonl, .jsonl.gz, .csv)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--store", args->store_path,
                  "Store file or postgresql:// URL (default: $BUYERGRAPH_STORE or "
                  "~/.local/share/buyergraph/store.db)");
  cmd->add_option("--format", args->format, "coresignal-jsonl | companies-csv | people-csv")
      ->check(CLI::IsMember({"auto", "coresignal-jsonl", "companies-csv", "people-csv"}));
  cmd->add_option("--max-error-lines", args->max_error_lines,
                  "Print at most this many line errors per file");
  cmd->callback([args] { run_import(*args); });
}

void add_cache_command(CLI::App& app) {
  auto* cache = app.add_subcommand("cache", "The HTTP response cache in the local store");
  cache->require_subcommand(1);
  struct Sub {
    const char* name;
    const char* help;
    void (*run)(const CacheArgs&);
  };
  for (const Sub& sub :
       {Sub{"stats", "Entries, bytes and expired entries per data class", &run_cache_stats},
        Sub{"purge", "Delete expired entries", &run_cache_purge},
        Sub{"clear", "Delete every entry (or one class with --class)", &run_cache_clear}}) {
    auto args = std::make_shared<CacheArgs>();
    auto* cmd = cache->add_subcommand(sub.name, sub.help);
    cmd->add_option("--store", args->store_path,
                    "Store file or postgresql:// URL (default: $BUYERGRAPH_STORE or "
                    "~/.local/share/buyergraph/store.db)");
    if (sub.run != &run_cache_purge)
      cmd->add_option("--class", args->data_class, "Only this data class (person, company, ...)");
    cmd->callback([args, run = sub.run] { run(*args); });
  }
}

}  // namespace buyergraph::cli
