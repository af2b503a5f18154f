// The smallest useful plugin: one stage, options declared once. `hello.greet` turns each person
// into a greeting line ("Hello, Ada Lovelace (CTO)!"); see README.md next to this file.
#include <string>

#include <buyergraph/sdk.hpp>

using namespace buyergraph::sdk;

namespace {

// A record type of this plugin: what `hello.greet` emits.
struct Greeting : RecordOf<Greeting> {
  static constexpr std::string_view kType = "hello.greeting";
  std::string text;
};
void to_json(nlohmann::json& j, const Greeting& g) { j = {{"text", g.text}}; }

// person -> greeting. The record types come from the base: the stage gets the Person itself
// (the host wired a person stage before it) and returns a Greeting.
class Greet final : public MapOf<Person, Greeting> {
 public:
  // The options struct: its initialisers are the defaults `plugins inspect` shows.
  struct Options {
    std::string greeting = "Hello";
    bool with_title = true;
    int max_length = 80;
  };
  // One declaration gives lint its schema, the docs their table and the constructor its struct.
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .option("greeting", &Options::greeting, "the word before the name")
        .example("Good morning")
        .option("with_title", &Options::with_title, "add the person's title in brackets")
        .option("max_length", &Options::max_length, "longest line; longer ones end with '...'")
        .min(10)
        .max(1000);
  }
  Greet(const StageInit&, Options options) : options_(std::move(options)) {}

 protected:
  Greeting map(const Person& p, Context&) override {
    Greeting g;
    g.text = options_.greeting + ", " + p.full_name;
    if (options_.with_title && !p.title.empty()) g.text += " (" + p.title + ")";
    g.text += "!";
    if (g.text.size() > static_cast<std::size_t>(options_.max_length))
      g.text = g.text.substr(0, options_.max_length - 3) + "...";
    return g;
  }

 private:
  Options options_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<Greet>({.name = "hello.greet",
                           .kind = StageKind::map,
                           .summary = "Greets each person by name (an example plugin)",
                           .docs = "Emits {text} per person. See examples/hello-plugin."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("hello", "1.0.0", "The example plugin: one stage with declared options",
                  register_stages)
