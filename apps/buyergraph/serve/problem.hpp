#pragma once
// Errors as RFC 9457 problem details (application/problem+json).
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace buyergraph::serve {

/// Sets `res` to a problem: status, a short title for the status, `detail` in plain words
/// (the CLI's message where there is one), and `extra` members (e.g. "errors": [...]).
void set_problem(httplib::Response& res, int status, const std::string& detail,
                 nlohmann::json extra = nlohmann::json::object());

/// Sets `res` to a JSON body with `status`.
void set_json(httplib::Response& res, const nlohmann::json& body, int status = 200);

}  // namespace buyergraph::serve
