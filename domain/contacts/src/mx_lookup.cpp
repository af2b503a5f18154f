// MX lookup with libresolv. Only reached when EmailCheckOptions::online is set.
#include "mx_lookup.hpp"

#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <cstring>
#include <vector>

namespace buyergraph::contacts::detail {
namespace {

enum class Answer { records, no_data, nxdomain, error };

// One query; on success fills `rdatas` with the rdata of every answer of type `type`.
Answer query(res_state state, const std::string& name, int type,
             std::vector<std::vector<unsigned char>>* rdatas) {
  std::vector<unsigned char> buf(4096);
  int n = res_nquery(state, name.c_str(), ns_c_in, type, buf.data(), static_cast<int>(buf.size()));
  if (n < 0) {
    switch (state->res_h_errno) {
      case HOST_NOT_FOUND:
        return Answer::nxdomain;
      case NO_DATA:
        return Answer::no_data;
      default:
        return Answer::error;
    }
  }
  ns_msg msg;
  if (ns_initparse(buf.data(), n, &msg) < 0) return Answer::error;
  int count = ns_msg_count(msg, ns_s_an);
  for (int i = 0; i < count; ++i) {
    ns_rr rr;
    if (ns_parserr(&msg, ns_s_an, i, &rr) < 0) return Answer::error;
    if (ns_rr_type(rr) != type) continue;  // CNAMEs in the chain
    if (rdatas) rdatas->emplace_back(ns_rr_rdata(rr), ns_rr_rdata(rr) + ns_rr_rdlen(rr));
  }
  if (rdatas && rdatas->empty()) return Answer::no_data;
  return Answer::records;
}

}  // namespace

MxOutcome lookup_mx(const std::string& ascii_domain) {
  struct __res_state state;
  std::memset(&state, 0, sizeof state);
  if (res_ninit(&state) != 0) return MxOutcome::error;
  state.retrans = 2;  // seconds per try; a slow resolver must not stall a batch for long
  state.retry = 2;

  MxOutcome outcome = MxOutcome::error;
  std::vector<std::vector<unsigned char>> mx;
  switch (query(&state, ascii_domain, ns_t_mx, &mx)) {
    case Answer::records: {
      // Null MX (RFC 7505): a single record, preference 0, exchange "." (one zero byte).
      bool null_mx =
          mx.size() == 1 && mx[0].size() == 3 && mx[0][0] == 0 && mx[0][1] == 0 && mx[0][2] == 0;
      outcome = null_mx ? MxOutcome::null_mx : MxOutcome::found;
      break;
    }
    case Answer::nxdomain: {
      // Believe NXDOMAIN only from a resolver that can see the public DNS: filtering or captive
      // resolvers answer NXDOMAIN for everything, which would turn every address invalid.
      auto dot = ascii_domain.rfind('.');
      std::string tld = dot == std::string::npos ? ascii_domain : ascii_domain.substr(dot + 1);
      std::vector<std::vector<unsigned char>> soa;
      bool resolver_sane = query(&state, tld, ns_t_soa, &soa) == Answer::records;
      outcome = resolver_sane ? MxOutcome::no_domain : MxOutcome::error;
      break;
    }
    case Answer::error:
      outcome = MxOutcome::error;
      break;
    case Answer::no_data: {
      std::vector<std::vector<unsigned char>> a;
      Answer a4 = query(&state, ascii_domain, ns_t_a, &a);
      Answer a6 = a4 == Answer::records ? a4 : query(&state, ascii_domain, ns_t_aaaa, &a);
      if (a4 == Answer::records || a6 == Answer::records) {
        outcome = MxOutcome::implicit_a;
      } else if (a4 == Answer::error || a6 == Answer::error) {
        outcome = MxOutcome::error;
      } else {
        outcome = MxOutcome::no_mx;
      }
      break;
    }
  }
  res_nclose(&state);
  return outcome;
}

const char* mx_reason(MxOutcome outcome) {
  switch (outcome) {
    case MxOutcome::found:
      return "mx_found";
    case MxOutcome::implicit_a:
      return "mx_implicit_a";
    case MxOutcome::no_mx:
      return "no_mx";
    case MxOutcome::null_mx:
      return "null_mx";
    case MxOutcome::no_domain:
      return "no_domain";
    case MxOutcome::error:
      return "dns_error";
  }
  return "dns_error";
}

}  // namespace buyergraph::contacts::detail
