// Hostile input through the real binary, where a user would meet it (issue 12, docs/security.md):
// YAML aliases, wrong JSON types, input without size, escape sequences in data, broken CSV,
// spoofing e-mail addresses. Each test is one way a file, a provider or a name could attack.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "buyergraph/store/store.hpp"

namespace {

const std::string kBin = std::string(BUYERGRAPH_BIN_DIR) + "/buyergraph";
const std::string kSrc = BUYERGRAPH_SOURCE_DIR;

struct Result {
  int code = -1;
  std::string out, err;
  double seconds = 0;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string tmp(const std::string& name) {
  return fmt::format("{}/hostile.{}.{}", ::testing::TempDir(), getpid(), name);
}

std::string write_file(const std::string& name, const std::string& text) {
  std::string p = tmp(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

// Runs the binary with a memory cap, so a reader that allocates without bound fails the test
// instead of the machine (ASan reserves address space, hence the cap on data only).
Result run(const std::string& args, const std::string& env = "") {
  const std::string out = tmp("out"), err = tmp("err");
  const auto start = std::chrono::steady_clock::now();
  int status = std::system(fmt::format("{} {} </dev/null >{} 2>{}", env.empty() ? "" : "env " + env,
                                       kBin + " " + args, out, err)
                               .c_str());
  Result r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// No byte a terminal would act on: ESC, BEL, CSI (C1) or a bidi override.
bool terminal_clean(const std::string& text) {
  return text.find('\x1b') == std::string::npos && text.find('\x07') == std::string::npos &&
         text.find("\xc2\x9b") == std::string::npos &&
         text.find("\xe2\x80\xae") == std::string::npos;
}

const std::string kPipelineHead = "apiVersion: buyergraph/v1\nkind: Pipeline\n";

}  // namespace

// --- 1. YAML aliases -------------------------------------------------------------------------

TEST(HostileInput, BillionLaughsPipelineIsRefusedQuickly) {
  std::string yaml = kPipelineHead + "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    yaml += fmt::format("{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n", c,
                        c, fmt::arg("p", std::string(1, char(c - 1))));
  yaml += "stages:\n  - {id: gen, use: test.generate}\n";
  const std::string file = write_file("laughs.yaml", yaml);
  for (const char* cmd : {"lint", "explain"}) {
    auto r = run(fmt::format("{} {}", cmd, file));
    EXPECT_EQ(r.code, 1) << cmd << ": " << r.err;
    EXPECT_TRUE(has(r.err, "expands to more than")) << r.err;
    EXPECT_LT(r.seconds, 20) << cmd;
  }
  auto r = run("run " + file + " --account Contoso");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(has(r.err, "expands to more than")) << r.err;
}

TEST(HostileInput, SelfReferencingAliasIsAnErrorNotACrash) {
  const std::string file = write_file(
      "cycle.yaml",
      kPipelineHead + "metadata: &m {labels: *m}\nstages:\n  - {id: g, use: test.generate}\n");
  auto r = run("lint " + file);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(has(r.err, file + ":3:")) << r.err;
  EXPECT_TRUE(has(r.err, "refers to the mapping or list that contains it")) << r.err;

  // The seller-profile reader goes through the same guard.
  const std::string seller = write_file(
      "cycle-seller.yaml",
      "apiVersion: buyergraph/v1\nkind: SellerProfile\nname: X\nproduct: Y\ndeal_size: 1000\n"
      "target_functions: [it]\nintroducer_definition: none\nrole_rules: &r {a: *r}\n");
  auto s = run("sellers validate " + seller);
  EXPECT_EQ(s.code, 1) << s.err;
  EXPECT_TRUE(has(s.out + s.err, "refers to the mapping or list that contains it"))
      << s.out << s.err;
}

// --- 2. Wrong JSON types ---------------------------------------------------------------------

TEST(HostileInput, WrongTypesInPipelinesAreLintErrorsWithPositions) {
  struct Case {
    std::string yaml, where;
  };
  const std::vector<Case> cases = {
      {"stages:\n  - id:\n    use: test.generate\n", "stages[0].id"},
      {"stages:\n  - id: gen\n    use:\n", "stages[0].use"},
      {"stages:\n  - id: 5\n    use: test.generate\n", "stages[0].id"},
      {"stages:\n  - id: [a]\n    use: test.generate\n", "stages[0].id"},
      {"stages:\n  - id: gen\n    use: true\n", "stages[0].use"},
      {"stages:\n  - id: gen\n    use: {x: 1}\n", "stages[0].use"},
      {"metadata:\n  name: null\nstages:\n  - {id: gen, use: test.generate}\n", "metadata.name"},
      {"input:\n  accounts: [{name: 5}]\nstages:\n  - {id: gen, use: test.generate}\n",
       "input.accounts[0].name"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string file =
        write_file(fmt::format("types{}.yaml", i), kPipelineHead + cases[i].yaml);
    auto r = run("lint " + file);
    EXPECT_EQ(r.code, 1) << cases[i].yaml << r.err;
    // file:line:col path: message
    EXPECT_TRUE(has(r.err, file + ":")) << r.err;
    EXPECT_TRUE(has(r.err, " " + cases[i].where + ":")) << cases[i].yaml << r.err;
  }
}

TEST(HostileInput, WrongTypesSurviveCommandLineOverrides) {
  // find and batch add --set overrides (report.dir, ...) before linting: the override lookup
  // reads stage ids too.
  const std::string file =
      write_file("types-find.yaml", kPipelineHead + "stages:\n  - id: 5\n    use: test.generate\n");
  auto r = run(fmt::format("find Contoso --pipeline {} -o {}", file, tmp("find-out")));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(has(r.err, file + ":4:")) << r.err;
}

TEST(HostileInput, AccountsFileWithWrongTypesIsRefusedLineByLine) {
  const std::string accounts =
      write_file("accounts.jsonl",
                 "{\"name\":\"A\"}\n{\"name\":\"X\",\"attributes\":[1]}\n{\"name\":5}\nnot json\n");
  auto r = run(fmt::format("run {}/pipelines/engine-demo.yaml --accounts {}", kSrc, accounts));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(has(r.err, accounts + ":2: attributes must be an object, got array")) << r.err;
  EXPECT_TRUE(has(r.err, accounts + ":3: name must be text, got number")) << r.err;
  EXPECT_TRUE(has(r.err, accounts + ":4: not a JSON object")) << r.err;
  EXPECT_TRUE(has(r.err, "3 bad line(s); nothing was run")) << r.err;
}

// --- 8. Escape sequences in data -------------------------------------------------------------

TEST(HostileInput, HistoryPrintsCompanyNamesInert) {
  const std::string db = tmp("history.db");
  std::remove(db.c_str());
  {
    auto s = buyergraph::store::Store::open(db);
    ASSERT_TRUE(s);
    buyergraph::sdk::BuyerGroup g;
    g.company.id = "c1";
    g.company.name = "Evil\x1b]0;pwned\x07 Corp\x1b[2J\xe2\x80\xae";
    g.run = {{"id", "run-1"}, {"generated_at", "2026-11-20T10:00:00Z"}, {"status", "ok"}};
    ASSERT_TRUE((*s)->save_run(g));
  }
  auto r = run("history c1 --store " + db);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "Evil\\x1b]0;pwned\\x07 Corp")) << r.out;
  EXPECT_TRUE(terminal_clean(r.out)) << r.out;
}

TEST(HostileInput, AmbiguousFindNamesCandidatesInert) {
  const std::string db = tmp("ambiguous.db");
  std::remove(db.c_str());
  const std::string csv =
      write_file("companies.csv",
                 "Name,Domain\n\"Tailspin\x1b[31m Toys\",tailspin-toys.example\n"
                 "\"Tailspin\xc2\x9b\x31m Aviation\",tailspin-aviation.example\n");
  auto imp = run(fmt::format("import {} --store {}", csv, db));
  ASSERT_EQ(imp.code, 0) << imp.err;
  auto r = run("find Tailspin --no-color", "BUYERGRAPH_STORE=" + db);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "is ambiguous")) << r.err;
  EXPECT_TRUE(has(r.err, "Tailspin\\x1b[31m Toys")) << r.err;
  EXPECT_TRUE(terminal_clean(r.err)) << r.err;
}

TEST(HostileInput, LintAndBatchMessagesAreInert) {
  const std::string file = write_file(
      "escape.yaml", kPipelineHead + "stages:\n  - {id: gen, use: \"test.gen\\e[2J\"}\n");
  auto l = run("lint " + file);
  EXPECT_EQ(l.code, 1) << l.err;
  EXPECT_TRUE(has(l.err, "unknown stage 'test.gen\\x1b[2J'")) << l.err;
  EXPECT_TRUE(terminal_clean(l.err)) << l.err;

  const std::string accounts =
      write_file("batch.csv", "name,seller\nContoso,\"missing\x1b]0;pwned\x07.yaml\"\n");
  auto b = run(fmt::format("batch {} --out {} --store {} --dry-run", accounts, tmp("batch-out"),
                           tmp("batch.db")));
  EXPECT_TRUE(has(b.err, "missing\\x1b]0;pwned\\x07.yaml")) << b.err;
  EXPECT_TRUE(terminal_clean(b.err)) << b.err;
}

// --- 10. CSV that would lose rows ------------------------------------------------------------

TEST(HostileInput, StrayQuoteInImportCsvReportsItsLineAndKeepsLaterRows) {
  const std::string db = tmp("quote.db");
  std::remove(db.c_str());
  const std::string csv =
      write_file("quote.csv",
                 "Name,Domain\n\"Acme,acme.example\nBeta,beta.example\nGamma,gamma.example\n"
                 "\"Delta\",delta.example\nEpsilon,epsilon.example\n");
  auto r = run(fmt::format("import {} --store {} --format companies-csv", csv, db));
  EXPECT_NE(r.code, 0);
  EXPECT_TRUE(has(r.err, csv + ":2:")) << r.err;
  // Every row after the stray quote is read on its own: four companies, one error.
  EXPECT_TRUE(has(r.out, "imported 4")) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "errors 1")) << r.out;
}

TEST(HostileInput, OldMacLineEndingsAreLines) {
  const std::string db = tmp("cr.db");
  std::remove(db.c_str());
  const std::string csv =
      write_file("cr.csv", "Name,Domain\rAcme,acme.example\rBeta,beta.example\r");
  auto r = run(fmt::format("import {} --store {} --format companies-csv", csv, db));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "read 2")) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "imported 2")) << r.out;
}

// --- 11. Input without an end ----------------------------------------------------------------

TEST(HostileInput, EndlessInputFilesFailFastWithAClearMessage) {
  auto lint = run("lint /dev/zero");
  EXPECT_EQ(lint.code, 1) << lint.err;
  EXPECT_TRUE(has(lint.err, "/dev/zero: is larger than 1 MiB")) << lint.err;

  auto seller = run("sellers validate /dev/zero");
  EXPECT_EQ(seller.code, 1) << seller.err;
  EXPECT_TRUE(has(seller.out + seller.err, "is larger than 1 MiB")) << seller.out << seller.err;

  auto accounts = run(fmt::format("run {}/pipelines/engine-demo.yaml --accounts /dev/zero", kSrc));
  EXPECT_EQ(accounts.code, 1) << accounts.err;
  EXPECT_TRUE(has(accounts.err, "is larger than 64 MiB")) << accounts.err;

  auto imp = run(fmt::format("import /dev/zero --store {} --format companies-csv", tmp("zero.db")));
  EXPECT_NE(imp.code, 0);
  EXPECT_TRUE(has(imp.err, "without a line break")) << imp.err;

  auto batch =
      run(fmt::format("batch /dev/zero --out {} --store {}", tmp("zero-out"), tmp("zero-b.db")));
  EXPECT_EQ(batch.code, 1) << batch.err;
  EXPECT_TRUE(has(batch.err, "without a line break")) << batch.err;
  for (const auto* r : {&lint, &seller, &accounts, &imp, &batch}) EXPECT_LT(r->seconds, 30);
}

TEST(HostileInput, PipedSellerProfileIsCappedWithoutStat) {
  // A pipe has no size to stat: the cap must hold on the bytes read.
  const std::string pipeline = kSrc + "/pipelines/engine-demo.yaml";
  auto r = run(fmt::format("run {} --account X --seller /dev/stdin", pipeline));
  // stdin is /dev/null here: an empty profile, refused as empty, not as too large.
  EXPECT_EQ(r.code, 1) << r.err;
  const std::string out = tmp("pipe.out"), err = tmp("pipe.err");
  int status = std::system(fmt::format("head -c 3000000 /dev/zero | {} run {} --account X --seller "
                                       "/dev/stdin >{} 2>{}",
                                       kBin, pipeline, out, err)
                               .c_str());
  EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 1) << slurp(err);
  EXPECT_TRUE(has(slurp(err), "is larger than 1 MiB")) << slurp(err);
}

// --- 13. Spoofing e-mail addresses -----------------------------------------------------------

TEST(HostileInput, SpoofingAndSpecialUseEmailsAreInvalid) {
  const std::vector<std::string> bad = {
      "jane\xe2\x80\x8b@contoso.com",  // zero-width space
      "jane@contoso\xe2\x80\xae.com",  // RIGHT-TO-LEFT OVERRIDE in the domain
      "j\xe2\x80\xae"
      "ecnaj@contoso.com",                              // ... and in the local part
      "jane\xe2\x80\xa8@contoso.com",                   // LINE SEPARATOR
      "jane\xe2\x80\xa9@contoso.com",                   // PARAGRAPH SEPARATOR
      "jane\xcc\x81@contoso.com",                       // combining acute accent
      "jane\xee\x80\x80@contoso.com",                   // private use U+E000
      "jane\xef\xb7\x90@contoso.com",                   // non-character U+FDD0
      "j\xc3\xa4ne@" + std::string(250, 'a') + ".com",  // over 254 octets once UTF-8 counts
      "jane@contoso.onion",
      "jane@mail.home.arpa",
      "jane@1.0.0.127.in-addr.arpa",
      "jane@contoso.alt",
      "jane@host.internal"};
  std::string input;
  for (const auto& e : bad) input += e + "\n";
  const std::string in = write_file("emails.txt", input);
  const std::string out = tmp("emails.out");
  int status = std::system(fmt::format("{} contacts <{} >{}", kBin, in, out).c_str());
  ASSERT_TRUE(WIFEXITED(status)) << status;
  std::istringstream lines(slurp(out));
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    ASSERT_LT(n, bad.size());
    EXPECT_EQ(j.value("status", ""), "invalid") << bad[n] << ": " << line;
    ++n;
  }
  EXPECT_EQ(n, bad.size());
}
