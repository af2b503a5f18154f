#pragma once
// Stage options declared once: each option binds a name, a description and its checks to a member
// of the stage's options struct. The struct's own initialisers are the defaults. From that one
// declaration come the JSON Schema lint validates `with:` against (and `plugins inspect` and the
// generated docs/stages.md print), and the filled struct the stage is built with.
//
//   struct Options {
//     int stale_days = 540;
//     std::string as_of;
//   };
//   OptionsSpec<Options> spec = OptionsSpec<Options>()
//       .option("stale_days", &Options::stale_days, "data older than this is only likely current")
//       .min(1)
//       .option("as_of", &Options::as_of, "date the data is judged against").example("2026-01-31");
//   Options o = spec.read(init.config);  // absent keys keep the struct's defaults
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace buyergraph::sdk {

namespace detail {

/// The JSON Schema type of a member; a compile error names the unsupported member type.
template <class M>
const char* json_type_of() {
  if constexpr (std::is_same_v<M, bool>)
    return "boolean";
  else if constexpr (std::is_integral_v<M>)
    return "integer";
  else if constexpr (std::is_floating_point_v<M>)
    return "number";
  else if constexpr (std::is_same_v<M, std::string>)
    return "string";
  else if constexpr (std::is_same_v<M, std::vector<std::string>>)
    return "array";
  else
    static_assert(sizeof(M) == 0,
                  "option members are bool, integers, numbers, std::string or "
                  "std::vector<std::string>; use choice() for enums");
}

/// The value type a choice names: E for a member of type E or std::vector<E>.
template <class M>
struct choice_value {
  using type = M;
};
template <class E>
struct choice_value<std::vector<E>> {
  using type = E;
};

/// Checks `value` against one option's schema (type, bounds, enum), naming the option.
void check_option_value(const std::string& name, const nlohmann::json& schema,
                        const nlohmann::json& value);

}  // namespace detail

/// The options of one stage, bound to the members of `O` (default-constructible; its
/// initialisers are the defaults). Build it with chained calls; modifiers such as `min` apply to
/// the option declared last.
template <class O>
class OptionsSpec {
 public:
  using Struct = O;

  /// An option bound to `member`; its JSON type follows the member's type.
  template <class M>
  OptionsSpec&& option(std::string name, M O::*member, std::string description) && {
    nlohmann::json s = {{"type", detail::json_type_of<M>()}, {"description", description}};
    if constexpr (std::is_same_v<M, std::vector<std::string>>) s["items"] = {{"type", "string"}};
    add(
        std::move(name), std::move(s), [member](const O& o) { return nlohmann::json(o.*member); },
        [member](const nlohmann::json& v, O& o) {
          if constexpr (std::is_integral_v<M> && !std::is_same_v<M, bool>) {
            auto n = v.get<std::int64_t>();
            if (n < std::numeric_limits<M>::min() || n > std::numeric_limits<M>::max())
              throw std::invalid_argument("out of range");
            o.*member = static_cast<M>(n);
          } else {
            o.*member = v.get<M>();
          }
        });
    return std::move(*this);
  }

  /// An option spelled as one of `names`, stored as the matching value of `E` (an enum, usually).
  /// A std::vector<E> member takes a list of distinct names.
  template <class M, class E = typename detail::choice_value<M>::type>
  OptionsSpec&& choice(std::string name, M O::*member,
                       std::vector<std::pair<std::string, std::type_identity_t<E>>> names,
                       std::string description) && {
    nlohmann::json allowed = nlohmann::json::array();
    for (const auto& n : names) allowed.push_back(n.first);
    auto to_name = [names](const E& e) {
      for (const auto& n : names)
        if (n.second == e) return nlohmann::json(n.first);
      return nlohmann::json();
    };
    auto from_name = [names](const nlohmann::json& v) {
      for (const auto& n : names)
        if (n.first == v.get<std::string>()) return n.second;
      throw std::invalid_argument("not one of the names");
    };
    nlohmann::json s = {{"description", std::move(description)}};
    if constexpr (std::is_same_v<M, std::vector<E>>) {
      s["type"] = "array";
      s["items"] = {{"enum", allowed}};
      s["uniqueItems"] = true;
      add(
          std::move(name), std::move(s),
          [member, to_name](const O& o) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : o.*member) out.push_back(to_name(e));
            return out;
          },
          [member, from_name](const nlohmann::json& v, O& o) {
            M out;
            for (const auto& e : v) out.push_back(from_name(e));
            o.*member = std::move(out);
          });
    } else {
      s["enum"] = allowed;
      add(
          std::move(name), std::move(s),
          [member, to_name](const O& o) { return to_name(o.*member); },
          [member, from_name](const nlohmann::json& v, O& o) { o.*member = from_name(v); });
    }
    return std::move(*this);
  }

  /// A shared group (e.g. the store option) whose options sit beside this spec's own.
  template <class G>
  OptionsSpec&& include(G O::*member, const OptionsSpec<G>& group) && {
    for (const auto& f : group.fields_) {
      Field field{f.name,
                  f.schema,
                  f.required,
                  [member, get = f.get](const O& o) { return get(o.*member); },
                  [member, set = f.set](const nlohmann::json& v, O& o) { set(v, o.*member); },
                  {}};
      if (f.nested)
        field.nested = [member, nested = f.nested](const O& o) { return nested(o.*member); };
      if (find(field.name) != nullptr)
        throw std::logic_error("option '" + field.name + "' declared twice");
      fields_.push_back(std::move(field));
    }
    return std::move(*this);
  }

  /// A shared group nested under one key, written as a mapping (e.g. `costs: {search: 2}`).
  template <class G>
  OptionsSpec&& group(std::string name, G O::*member, OptionsSpec<G> spec,
                      std::string description) && {
    auto shared = std::make_shared<const OptionsSpec<G>>(std::move(spec));
    add(
        std::move(name), {{"type", "object"}, {"description", std::move(description)}},
        [member, shared](const O& o) { return shared->values(o.*member); },
        [member, shared](const nlohmann::json& v, O& o) { o.*member = shared->read(v); });
    fields_.back().nested = [member, shared](const O& defaults) {
      return shared->schema_for(defaults.*member);
    };
    return std::move(*this);
  }

  /// Bounds of the last option (numbers): inclusive, or `above` for an exclusive minimum.
  OptionsSpec&& min(nlohmann::json v) && { return modify("minimum", std::move(v)); }
  OptionsSpec&& max(nlohmann::json v) && { return modify("maximum", std::move(v)); }
  OptionsSpec&& above(nlohmann::json v) && { return modify("exclusiveMinimum", std::move(v)); }
  /// Allowed values of the last option (strings), when its member is a plain string.
  OptionsSpec&& one_of(std::vector<std::string> values) && {
    return modify("enum", nlohmann::json(std::move(values)));
  }
  /// An example value of the last option, shown in the docs.
  OptionsSpec&& example(nlohmann::json v) && {
    return modify("examples", nlohmann::json::array({std::move(v)}));
  }
  /// The last option has no default: a pipeline must set it.
  OptionsSpec&& required() && {
    last().required = true;
    return std::move(*this);
  }

  /// The JSON Schema of the options, defaults from `O{}`.
  nlohmann::json schema() const { return schema_for(O{}); }
  std::string schema_text() const { return schema().dump(); }

  /// The options struct filled from a stage's `with:`: absent keys keep the struct's defaults.
  /// Throws std::invalid_argument naming the option on an unknown key, a wrong type or a value
  /// out of bounds (lint reports these first; this guards stages built without lint).
  O read(const nlohmann::json& config) const {
    O o{};
    if (config.is_null()) return o;
    if (!config.is_object()) throw std::invalid_argument("options must be a mapping");
    for (auto it = config.begin(); it != config.end(); ++it)
      if (find(it.key()) == nullptr)
        throw std::invalid_argument("unknown option '" + it.key() + "'");
    for (const auto& f : fields_) {
      auto it = config.find(f.name);
      if (it == config.end()) {
        if (f.required) throw std::invalid_argument("option '" + f.name + "' is required");
        continue;
      }
      detail::check_option_value(f.name, f.schema, *it);
      try {
        f.set(*it, o);
      } catch (const std::invalid_argument& e) {
        // From a nested group: name the option by its path ("costs.search").
        const std::string why = e.what();
        for (const std::string lead : {"option '", "unknown option '"})
          if (why.starts_with(lead))
            throw std::invalid_argument(lead + f.name + "." + why.substr(lead.size()));
        throw std::invalid_argument("option '" + f.name + "': " + it->dump() + " is not allowed");
      } catch (const nlohmann::json::exception&) {
        throw std::invalid_argument("option '" + f.name + "': " + it->dump() +
                                    " has the wrong type");
      }
    }
    return o;
  }

  /// The options of `o` as JSON (what `with:` would spell to get them).
  nlohmann::json values(const O& o) const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& f : fields_) j[f.name] = f.get(o);
    return j;
  }

  nlohmann::json schema_for(const O& defaults) const {
    nlohmann::json props = nlohmann::json::object();
    nlohmann::json required = nlohmann::json::array();
    for (const auto& f : fields_) {
      nlohmann::json s = f.schema;
      if (f.nested) s.update(f.nested(defaults));
      if (f.required)
        required.push_back(f.name);
      else
        s["default"] = f.get(defaults);
      props[f.name] = std::move(s);
    }
    nlohmann::json out = {
        {"type", "object"}, {"additionalProperties", false}, {"properties", props}};
    if (!required.empty()) out["required"] = required;
    return out;
  }

 private:
  template <class>
  friend class OptionsSpec;

  struct Field {
    std::string name;
    nlohmann::json schema;  // without "default": that comes from the struct
    bool required = false;
    std::function<nlohmann::json(const O&)> get;
    std::function<void(const nlohmann::json&, O&)> set;
    std::function<nlohmann::json(const O&)> nested;  // a group's properties, given the defaults
  };

  void add(std::string name, nlohmann::json schema, std::function<nlohmann::json(const O&)> get,
           std::function<void(const nlohmann::json&, O&)> set) {
    if (find(name) != nullptr) throw std::logic_error("option '" + name + "' declared twice");
    fields_.push_back(
        {std::move(name), std::move(schema), false, std::move(get), std::move(set), {}});
  }
  Field& last() {
    if (fields_.empty()) throw std::logic_error("a modifier needs an option before it");
    return fields_.back();
  }
  OptionsSpec&& modify(const char* key, nlohmann::json v) {
    last().schema[key] = std::move(v);
    return std::move(*this);
  }
  const Field* find(const std::string& name) const {
    for (const auto& f : fields_)
      if (f.name == name) return &f;
    return nullptr;
  }

  std::vector<Field> fields_;
};

/// The store option shared by every stage that opens the local store.
struct StoreOption {
  std::string store;  ///< empty: BUYERGRAPH_STORE, else the user's default store
  static OptionsSpec<StoreOption> spec() {
    return OptionsSpec<StoreOption>().option(
        "store", &StoreOption::store,
        "store file (default: BUYERGRAPH_STORE, else ~/.local/share/buyergraph/store.db)");
  }
};

/// The `resource` option of a stage that calls out: the `resources.http` entry it goes through.
/// The stage's options struct sets the default: `ResourceOption resource{"coresignal"};`.
struct ResourceOption {
  std::string resource;
  static OptionsSpec<ResourceOption> spec() {
    return OptionsSpec<ResourceOption>().option("resource", &ResourceOption::resource,
                                                "the resources.http entry to call through");
  }
};

/// The `rules` option of a stage whose rules are data: a file that replaces the shipped one.
///
///   OptionsSpec<Options>().include(&Options::rules, RulesOption::spec("data/titles/rules.yaml"))
struct RulesOption {
  std::string rules;  ///< empty: the shipped file
  static OptionsSpec<RulesOption> spec(const std::string& shipped_file) {
    return OptionsSpec<RulesOption>().option("rules", &RulesOption::rules,
                                             "rules file (default: " + shipped_file + ")");
  }
};

}  // namespace buyergraph::sdk
