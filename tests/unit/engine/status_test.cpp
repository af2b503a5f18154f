// sdk::Status: an ok status is one null pointer (every stage call returns one), a failure owns
// its Error; copies are deep, moves leave an ok status behind.
#include <gtest/gtest.h>

#include <buyergraph/sdk.hpp>

using buyergraph::sdk::Status;

TEST(Status, OkIsOnePointerAndReadsAsAnEmptyError) {
  static_assert(sizeof(Status) == sizeof(void*));
  const Status s = Status::ok();
  EXPECT_TRUE(s);
  EXPECT_TRUE(s.is_ok());
  EXPECT_TRUE(s.error().code.empty());
  EXPECT_TRUE(s.error().message.empty());
}

TEST(Status, ErrorsCopyDeeplyAndMoveOut) {
  Status a = Status::error("not_found", "no company matches 'Contoso'", true);
  ASSERT_FALSE(a);
  Status b = a;  // a deep copy: both keep their own error
  EXPECT_EQ(b.error().code, "not_found");
  EXPECT_EQ(b.error().message, "no company matches 'Contoso'");
  EXPECT_TRUE(b.error().retryable);
  EXPECT_NE(&a.error(), &b.error());
  Status c = std::move(a);
  EXPECT_FALSE(c);
  EXPECT_EQ(c.error().code, "not_found");
  b = Status::ok();
  EXPECT_TRUE(b);
  c = b;
  EXPECT_TRUE(c);
  Status d = Status::from({"timeout", "the provider did not answer in 30 s", true});
  c = d;
  EXPECT_EQ(c.error().message, "the provider did not answer in 30 s");
}
