// The suppressions table: add, replace the reason, remove, list in order, survive reopen.
#include <gtest/gtest.h>

#include "buyergraph/store/store.hpp"
#include "test_util.hpp"

using namespace buyergraph;
using namespace buyergraph::store;
using buyergraph::store::testing::TempDir;

TEST(Suppressions, AddListRemoveAndSurviveReopen) {
  TempDir dir;
  {
    auto s = Store::open(dir.file("store.db"));
    ASSERT_TRUE(s);
    auto& store = **s;
    auto empty = store.suppressions();
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
    ASSERT_TRUE(store.add_suppression("email", "jane@contoso.example", "opt-out"));
    ASSERT_TRUE(store.add_suppression("domain", "fabrikam.example", ""));
    ASSERT_TRUE(store.add_suppression("profile_url", "linkedin.com/in/jane-doe", "request"));
    // Same key again: one row, new reason.
    ASSERT_TRUE(store.add_suppression("email", "jane@contoso.example", "gdpr erasure"));
  }
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  auto rows = store.suppressions();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].kind, "domain");
  EXPECT_EQ((*rows)[0].value, "fabrikam.example");
  EXPECT_EQ((*rows)[0].reason, "");
  EXPECT_EQ((*rows)[1].kind, "email");
  EXPECT_EQ((*rows)[1].reason, "gdpr erasure");
  EXPECT_EQ((*rows)[1].added_at.size(), 20u);  // 2026-11-24T22:00:00Z
  EXPECT_EQ((*rows)[1].added_at.back(), 'Z');
  EXPECT_EQ((*rows)[2].kind, "profile_url");

  auto removed = store.remove_suppression("email", "jane@contoso.example");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  auto again = store.remove_suppression("email", "jane@contoso.example");
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  EXPECT_EQ(store.suppressions()->size(), 2u);
}

TEST(Suppressions, RejectsUnknownKindAndEmptyValue) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto bad_kind = (*s)->add_suppression("phone", "+441234", "");
  ASSERT_FALSE(bad_kind);
  EXPECT_EQ(bad_kind.error().code, "invalid_input");
  EXPECT_FALSE((*s)->add_suppression("email", "", ""));
  EXPECT_FALSE((*s)->remove_suppression("nope", "x"));
  EXPECT_TRUE((*s)->suppressions()->empty());
}
