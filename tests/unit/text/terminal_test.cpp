// The terminal sanitiser: data shown, never obeyed.
#include "buyergraph/text/terminal.hpp"

#include <gtest/gtest.h>

using buyergraph::text::terminal_cell;
using buyergraph::text::terminal_safe;
using buyergraph::text::terminal_safe_lines;

TEST(TerminalSafe, ControlSequencesBecomeVisibleText) {
  EXPECT_EQ(terminal_safe("Evil\x1b]0;pwned\x07 Corp"), "Evil\\x1b]0;pwned\\x07 Corp");
  EXPECT_EQ(terminal_safe("\x1b[2J\x1b[31mred"), "\\x1b[2J\\x1b[31mred");
  EXPECT_EQ(terminal_safe("a\nb\rc\x7f"), "a\\x0ab\\x0dc\\x7f");
  EXPECT_EQ(terminal_safe("tab\there"), "tab here");
  // C1 CSI as UTF-8, and as a lone byte some terminals read as CSI.
  EXPECT_EQ(terminal_safe("x\xc2\x9b"
                          "31m"),
            "x\\u009b31m");
  EXPECT_EQ(terminal_safe("x\x9b"
                          "31m"),
            "x\\x9b31m");
}

TEST(TerminalSafe, BidiAndInvisibleCharactersAreShown) {
  EXPECT_EQ(terminal_safe("abc\u202Efdp.exe"), "abc\\u202efdp.exe");
  EXPECT_EQ(terminal_safe("a\u200Bb\u2066c\u2028d"), "a\\u200bb\\u2066c\\u2028d");
}

TEST(TerminalSafe, TextInAnyScriptIsKept) {
  for (const char* s :
       {"Müller GmbH", "東京海上", "Société Générale", "Ελληνικά", "e\u0301", "हिन्दी", "🚀 Rocket"})
    EXPECT_EQ(terminal_safe(s), s);
}

TEST(TerminalSafe, LinesKeepTheirBreaksAndCellsCutAtCharacters) {
  EXPECT_EQ(terminal_safe_lines("one\ntwo\x1b"), "one\ntwo\\x1b");
  EXPECT_EQ(terminal_cell("Müller", 2), "Mü");
  EXPECT_EQ(terminal_cell("ab", 5), "ab");
}
