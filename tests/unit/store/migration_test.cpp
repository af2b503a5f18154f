// Opening an older store migrates it in place; a newer one is refused.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "buyergraph/store/schema.hpp"
#include "buyergraph/store/store.hpp"
#include "test_util.hpp"

namespace buyergraph::store {
namespace {

using testing::TempDir;

int user_version(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

void exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << msg;
}

TEST(Migration, VersionsAreConsecutive) {
  auto all = migrations();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
  EXPECT_EQ(schema_version(), static_cast<int>(all.size()));
}

TEST(Migration, FromVersionZeroCreatesEverything) {
  TempDir dir;
  std::string path = dir.file("v0.db");
  exec(path, "CREATE TABLE unrelated(x)");  // an existing version-0 file
  EXPECT_EQ(user_version(path), 0);
  auto s = Store::open(path);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(user_version(path), schema_version());
  EXPECT_EQ((*s)->stats().schema_version, schema_version());
}

TEST(Migration, FromVersionOneIndexesExistingRows) {
  TempDir dir;
  std::string path = dir.file("v1.db");
  // A store written by a build that only had migration 1: rows but no full-text index.
  exec(path, std::string(migrations()[0].sql) + R"sql(
    INSERT INTO companies(id, name, name_norm, record) VALUES
      ('100', 'Acme Corp', 'acme', '{"id":"100","name":"Acme Corp","provenance":{}}');
    INSERT INTO company_keys(kind, key, company_id) VALUES ('name', 'acme', '100');
    INSERT INTO people(pk, id, full_name, name_norm, title, record) VALUES
      (1, '7', 'Jane Doe', 'jane doe', 'Chief Financial Officer',
       '{"id":"7","full_name":"Jane Doe","title":"Chief Financial Officer","experience":[{"company_id":"100","title":"Chief Financial Officer","current":true}],"provenance":{}}');
    INSERT INTO roles(person_pk, company_id, current, title) VALUES (1, '100', 1, 'Chief Financial Officer');
    PRAGMA user_version = 1;)sql");
  ASSERT_EQ(user_version(path), 1);

  auto s = Store::open(path);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(user_version(path), schema_version());
  auto found = (*s)->current_employees("100", {"financial officer"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "7");
  auto candidates = (*s)->company_candidates("acme", 5);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].id, "100");
  // Re-opening a current store applies nothing and keeps the data.
  s = Store::open(path);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->count_current_employees("100"), 1);
}

TEST(Migration, RefusesANewerStore) {
  TempDir dir;
  std::string path = dir.file("future.db");
  exec(path, "PRAGMA user_version = " + std::to_string(schema_version() + 1));
  auto s = Store::open(path);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
}

}  // namespace
}  // namespace buyergraph::store
