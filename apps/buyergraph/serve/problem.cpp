#include "problem.hpp"

namespace buyergraph::serve {
namespace {

const char* title_of(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Sign-in required";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Request too large";
    case 415:
      return "Unsupported content type";
    case 422:
      return "Invalid input";
    case 429:
      return "Too many requests";
    case 503:
      return "Service unavailable";
    default:
      return status >= 500 ? "Server error" : "Request failed";
  }
}

// Data may hold invalid UTF-8 (files, providers): replaced, never thrown on.
std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void set_problem(httplib::Response& res, int status, const std::string& detail,
                 nlohmann::json extra) {
  nlohmann::json p = std::move(extra);
  p["type"] = "about:blank";
  p["title"] = title_of(status);
  p["status"] = status;
  p["detail"] = detail;
  res.status = status;
  res.set_content(dump(p), "application/problem+json");
}

void set_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  res.set_content(dump(body), "application/json");
}

}  // namespace buyergraph::serve
