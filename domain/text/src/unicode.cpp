#include "buyergraph/text/unicode.hpp"

#include <utf8proc.h>

namespace buyergraph::text {

bool is_word_code_point(std::int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_control_or_format(std::int32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return true;  // C0, DEL, C1
  if (cp < 0 || cp > 0x10FFFF) return true;
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return true;  // non-characters
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CC:  // controls
    case UTF8PROC_CATEGORY_CF:  // format: ZWSP..RLM, bidi embeddings/overrides/isolates, BOM
    case UTF8PROC_CATEGORY_ZL:  // U+2028 LINE SEPARATOR
    case UTF8PROC_CATEGORY_ZP:  // U+2029 PARAGRAPH SEPARATOR
    case UTF8PROC_CATEGORY_CS:  // surrogates
      return true;
    default:
      return false;
  }
}

bool is_unsafe_code_point(std::int32_t cp) {
  if (is_control_or_format(cp)) return true;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_MN:  // combining marks
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CO:  // private use
    case UTF8PROC_CATEGORY_CN:  // unassigned
      return true;
    default:
      return false;
  }
}

}  // namespace buyergraph::text
