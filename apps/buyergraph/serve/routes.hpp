#pragma once
// Every route `buyergraph serve` answers, in OpenAPI path-template form. The server registers
// handlers only through this table and docs/openapi.json must describe each entry (a test
// checks both), so the API document cannot fall behind the code.
#include <array>
#include <string_view>

namespace buyergraph::serve {

struct Route {
  std::string_view method;
  std::string_view path;
};

inline constexpr std::array kRoutes{
    Route{"GET", "/healthz"},
    Route{"GET", "/readyz"},
    Route{"GET", "/metrics"},
    Route{"GET", "/v1/openapi.json"},
    Route{"POST", "/v1/groups"},
    Route{"GET", "/v1/groups/{id}"},
    Route{"DELETE", "/v1/groups/{id}"},
    Route{"GET", "/v1/groups/{id}/report.{format}"},
    Route{"GET", "/v1/groups/{id}/events"},
    Route{"GET", "/v1/companies"},
    Route{"GET", "/v1/sellers"},
    Route{"GET", "/v1/sellers/{name}"},
    Route{"PUT", "/v1/sellers/{name}"},
    Route{"GET", "/v1/history"},
    Route{"GET", "/v1/runs/{a}/diff/{b}"},
    Route{"POST", "/v1/batches"},
    Route{"GET", "/v1/batches/{id}"},
    Route{"GET", "/v1/batches/{id}/results.csv"},
};

}  // namespace buyergraph::serve
