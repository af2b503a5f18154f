// Measurements, run by hand: store_bench [people] [dir]
// Generates a CoreSignal JSONL file (one company with half of the people as current staff, the
// other half former staff now elsewhere), imports it, and times current-employee queries.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/store/import.hpp"
#include "buyergraph/store/store.hpp"

using namespace buyergraph;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  long people = argc > 1 ? std::atol(argv[1]) : 200000;
  std::filesystem::path dir =
      argc > 2 ? argv[2] : std::filesystem::temp_directory_path() / "bg-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const char* titles[] = {"Software Engineer",       "Senior Software Engineer",
                          "Account Executive",       "Vice President of Sales",
                          "Chief Financial Officer", "Finance Manager",
                          "Head of Procurement",     "Director of IT",
                          "Product Manager",         "Data Analyst"};
  std::mt19937 rng(7);
  std::string file = (dir / "bulk.jsonl").string();
  {
    std::ofstream out(file);
    for (int c = 0; c <= 1000; ++c)
      out << nlohmann::json{{"id", c + 1},
                            {"company_name", "Company " + std::to_string(c)},
                            {"website", "https://c" + std::to_string(c) + ".example"}}
                 .dump()
          << "\n";
    for (long i = 0; i < people; ++i) {
      bool big = i % 2 == 0;  // half current at company 1, half former staff of company 1
      int other = 2 + static_cast<int>(rng() % 1000);
      nlohmann::json exp = nlohmann::json::array();
      exp.push_back({{"active_experience", 1},
                     {"company_id", big ? 1 : other},
                     {"position_title", titles[rng() % 10]},
                     {"date_from_year", 2020},
                     {"order_in_profile", 1}});
      exp.push_back({{"active_experience", 0},
                     {"company_id", big ? other : 1},
                     {"position_title", titles[rng() % 10]},
                     {"date_from_year", 2012},
                     {"date_to_year", 2019},
                     {"order_in_profile", 2}});
      out << nlohmann::json{{"id", 1000000 + i},
                            {"full_name", "Person " + std::to_string(i)},
                            {"linkedin_url",
                             "https://www.linkedin.com/in/person-" + std::to_string(i)},
                            {"primary_professional_email", "p" + std::to_string(i) + "@c.example"},
                            {"location_full", "Austin, Texas, United States"},
                            {"connections_count", 500},
                            {"is_deleted", 0},
                            {"is_parent", 1},
                            {"experience", exp}}
                 .dump()
          << "\n";
    }
  }
  auto store = store::Store::open((dir / "store.db").string());
  if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
  auto sum = store::import_file(**store, file);
  if (!sum) return std::fprintf(stderr, "%s\n", sum.error().message.c_str()), 1;
  std::printf("import: %llu records in %.1f s = %.0f records/s (errors %llu)\n",
              static_cast<unsigned long long>(sum->read), sum->seconds, sum->rate(),
              static_cast<unsigned long long>(sum->errors));

  auto time_ms = [](auto&& f, int reps) {
    auto t0 = Clock::now();
    for (int i = 0; i < reps; ++i) f();
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / reps;
  };
  std::size_t n = 0;
  std::printf(
      "count_current_employees(1) = %lld: %.2f ms\n",
      static_cast<long long>((*store)->count_current_employees("1")),
      time_ms([&] { n = static_cast<std::size_t>((*store)->count_current_employees("1")); }, 5));
  std::printf("current_employees(1, limit 50): %.2f ms\n",
              time_ms([&] { n = (*store)->current_employees("1", {}, 50).size(); }, 20));
  std::printf(
      "current_employees(1, {\"vice president\",\"chief financial officer\"}, limit 50) -> %zu: "
      "%.2f ms\n",
      (*store)->current_employees("1", {"vice president", "chief financial officer"}, 50).size(),
      time_ms(
          [&] {
            n = (*store)
                    ->current_employees("1", {"vice president", "chief financial officer"}, 50)
                    .size();
          },
          20));
  std::printf(
      "current_employees(1, {\"head of procurement\"}, no limit) -> %zu: %.2f ms\n",
      (*store)->current_employees("1", {"head of procurement"}).size(),
      time_ms([&] { n = (*store)->current_employees("1", {"head of procurement"}).size(); }, 3));
  std::printf("current_employees(1, no limit) -> %zu: %.2f ms\n",
              (*store)->current_employees("1").size(),
              time_ms([&] { n = (*store)->current_employees("1").size(); }, 2));
  std::printf("current_employees(500, title) -> %zu: %.2f ms\n",
              (*store)->current_employees("500", {"engineer"}).size(),
              time_ms([&] { n = (*store)->current_employees("500", {"engineer"}).size(); }, 20));
  store->reset();  // closes and checkpoints the WAL
  auto bytes = std::filesystem::file_size(dir / "store.db");
  std::printf("store size: %.1f MB for %ld people = %.1f MB per 100k people (input %.1f MB)\n",
              bytes / 1e6, people, bytes / 1e6 * 100000.0 / static_cast<double>(people),
              std::filesystem::file_size(file) / 1e6);
  return n == 12345678 ? 1 : 0;
}
