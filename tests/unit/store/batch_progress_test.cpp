// Batch progress: which accounts of a batch are done, per batch, replaced not duplicated.
#include <gtest/gtest.h>

#include "buyergraph/store/store.hpp"
#include "test_util.hpp"

using namespace buyergraph;
using namespace buyergraph::store;
using buyergraph::store::testing::TempDir;

TEST(BatchProgress, RecordsDoneAccountsPerBatchAndSurvivesReopen) {
  TempDir dir;
  {
    auto s = Store::open(dir.file("store.db"));
    ASSERT_TRUE(s);
    auto& store = **s;
    EXPECT_TRUE(store.batch_accounts("batch-a").empty());
    ASSERT_TRUE(store.save_batch_account({.batch_id = "batch-a",
                                          .account_key = "Contoso",
                                          .status = "ok",
                                          .run_id = "r1-Contoso",
                                          .finished_at = "2026-11-24T20:00:00Z"}));
    ASSERT_TRUE(store.save_batch_account({.batch_id = "batch-a",
                                          .account_key = "Fabrikam",
                                          .status = "failed",
                                          .error_code = "not_found",
                                          .finished_at = "2026-11-24T20:00:01Z"}));
    ASSERT_TRUE(store.save_batch_account({.batch_id = "batch-b",
                                          .account_key = "Contoso",
                                          .status = "partial",
                                          .finished_at = "2026-11-24T20:00:02Z"}));
    // The same key again replaces the record (a --force re-run).
    ASSERT_TRUE(store.save_batch_account({.batch_id = "batch-a",
                                          .account_key = "Contoso",
                                          .status = "partial",
                                          .run_id = "r2-Contoso",
                                          .finished_at = "2026-11-24T21:00:00Z"}));
  }
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto a = (*s)->batch_accounts("batch-a");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].account_key, "Contoso");
  EXPECT_EQ(a[0].status, "partial");
  EXPECT_EQ(a[0].run_id, "r2-Contoso");
  EXPECT_EQ(a[1].account_key, "Fabrikam");
  EXPECT_EQ(a[1].error_code, "not_found");
  EXPECT_TRUE(a[1].run_id.empty());
  EXPECT_EQ((*s)->batch_accounts("batch-b").size(), 1u);

  ASSERT_TRUE((*s)->clear_batch("batch-a"));
  EXPECT_TRUE((*s)->batch_accounts("batch-a").empty());
  EXPECT_EQ((*s)->batch_accounts("batch-b").size(), 1u);
}

TEST(BatchProgress, RejectsRecordsWithoutIdentity) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  EXPECT_FALSE((*s)->save_batch_account({.batch_id = "", .account_key = "x", .status = "ok"}));
  EXPECT_FALSE((*s)->save_batch_account({.batch_id = "b", .account_key = "", .status = "ok"}));
  EXPECT_FALSE((*s)->save_batch_account({.batch_id = "b", .account_key = "x", .status = ""}));
  EXPECT_TRUE((*s)->batch_accounts("b").empty());
}

TEST(BatchProgress, TheRunPrefixIsKeptAcrossResumesUntilForce) {
  TempDir dir;
  {
    auto s = Store::open(dir.file("store.db"));
    ASSERT_TRUE(s);
    EXPECT_FALSE((*s)->find_batch_run_prefix("batch-a"));
    auto first = (*s)->batch_run_prefix("batch-a", "20261206T200000Z-aaaaaa", "t0");
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, "20261206T200000Z-aaaaaa");
  }
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  // A resumed batch (a new process) offers a new prefix and gets the first one back.
  auto resumed = (*s)->batch_run_prefix("batch-a", "20261206T210000Z-bbbbbb", "t1");
  ASSERT_TRUE(resumed);
  EXPECT_EQ(*resumed, "20261206T200000Z-aaaaaa");
  EXPECT_EQ(*(*s)->batch_run_prefix("batch-b", "20261206T210000Z-cccccc", "t1"),
            "20261206T210000Z-cccccc");
  // --force forgets it: the next run of the batch starts new runs.
  ASSERT_TRUE((*s)->clear_batch("batch-a"));
  EXPECT_FALSE((*s)->find_batch_run_prefix("batch-a"));
  EXPECT_EQ(*(*s)->batch_run_prefix("batch-a", "20261206T220000Z-dddddd", "t2"),
            "20261206T220000Z-dddddd");
  EXPECT_EQ(*(*s)->find_batch_run_prefix("batch-b"), "20261206T210000Z-cccccc");
  EXPECT_FALSE((*s)->batch_run_prefix("", "x", "t"));
}
