#!/usr/bin/env python3
"""Builds the company-resolution evaluation set from public exchange listings.

Sources (both ODC-PDDL-1.0, see tools/resolve-eval/SOURCES.md):
  datasets/nasdaq-listings      data/nasdaq-listed-symbols.csv   (Nasdaq-listed securities)
  datasets/nyse-other-listings  data/other-listed.csv            (NYSE, NYSE American, Arca, Cboe)
each at a recent commit ("now") and an older one ("old", 2015/2018) for renames.

Writes, into OUT_DIR:
  companies.csv   the directory, imported with `buyergraph import companies` (Name, Ticker,
                  Former Names, ID)
  queries.tsv     split <TAB> query <TAB> expected id ("" = the company is not in the directory:
                  any resolved answer is wrong) <TAB> shape

Every step is mechanical (no hand edits): see docs/company-resolution.md, "Evaluation".
  make_set.py NASDAQ_NOW OTHER_NOW NASDAQ_OLD OTHER_OLD OUT_DIR
"""
import csv
import hashlib
import re
import sys

# Security descriptions that follow the company name in the listings, and the kinds of
# securities that are not a company's main listing (skipped).
DESCRIPTOR = re.compile(
    r"\s+(-\s+)?(Class [A-Z]\s+)?(Common Stock|Common Shares|Ordinary Shares|Capital Stock|"
    r"American Depositary Shares|American depositary shares|Common Units|Common stock|"
    r"Class [A-Z] Ordinary Shares|Subordinate Voting Shares|Registered Shares)\b.*$")
NOT_MAIN = re.compile(r"\b(Warrants?|Rights?|Units?|Preferred|Notes|Debentures|Depositary Shares "
                      r"representing|ETF|Fund|Trust Units|Bond)\b", re.I)
# Legal forms a person leaves out when typing a name (the typing procedure, not the resolver's).
LEGAL = ["inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co", "co.", "company",
         "ltd", "ltd.", "limited", "plc", "llc", "l.p.", "lp", "n.v.", "nv", "s.a.", "sa", "se",
         "ag", "s.p.a.", "a/s", "asa", "ab", "oyj", "b.v."]


def h(text, salt=""):
    return int(hashlib.sha256((salt + text).encode()).hexdigest()[:8], 16)


def clean(name):
    name = " ".join(name.replace("\u00a0", " ").split())
    return name.strip(" ,")


def listed(path, symbol_col, name_col, security_col, etf_col, test_col):
    """symbol -> company name of its common stock / ordinary shares / ADS line."""
    out = {}
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            sym = (row.get(symbol_col) or "").strip()
            sec = clean(row.get(security_col) or row.get(name_col) or "")
            if not sym or not sec or sym.startswith("File Creation"):
                continue
            if (row.get(etf_col) or "N") == "Y" or (row.get(test_col) or "N") == "Y":
                continue
            m = DESCRIPTOR.search(sec)
            if not m:
                continue
            name = clean(sec[:m.start()])
            if not name or NOT_MAIN.search(name):
                continue
            out[sym] = name
    return out


def old_names(path, symbol_col, name_col, security_col):
    out = {}
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            sym = (row.get(symbol_col) or "").strip()
            # The old "Company Name" of the NYSE file is cut at the first hyphen: use the
            # security name where there is one.
            name = clean(row.get(security_col) or row.get(name_col) or "")
            m = DESCRIPTOR.search(name)
            if m:
                name = clean(name[:m.start()])
            # A former name must look like a company's name, not a fund, note or index product.
            if sym and len(re.sub(r"[^A-Za-z]", "", name)) >= 3 and not NOT_MAIN.search(name) \
                    and not re.search(r"\b(ETN|Index|iShares|Shares)\b", name):
                out[sym] = name
    return out


def simple(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def base(name):
    """The name without "(The)", a leading "The" and trailing legal forms."""
    had_the = "(The)" in name or name.lower().startswith("the ")
    b = name.replace("(The)", " ")
    b = clean(re.sub(r"^[Tt]he\s+", "", clean(b)))
    words = b.split()
    removed = []
    while len(words) > 1 and words[-1].lower().strip(",") in LEGAL + ["and", "&"]:
        removed.insert(0, words.pop().strip(","))
    return clean(" ".join(words)), removed, had_the


def typed(name, salt):
    """One way a person types this name, picked by a hash of the symbol (see the docs)."""
    b, removed, had_the = base(name)
    words = b.split()
    v = h(salt, "variant") % 6
    if v == 0:
        return b, "short"
    if v == 1:
        form = removed[-1].replace(".", "").replace(",", "") if removed else ""
        return (b + " " + form).strip(), "with_legal_form"
    if v == 2:
        return b.lower(), "lower_case"
    if v == 3:
        if len(words) >= 2 and len(re.sub(r"\W", "", words[0])) >= 4:
            return words[0].strip(","), "first_word"
        return b, "short"
    if v == 4:
        if "&" in b:
            return clean(b.replace("&", " and ")), "and_for_ampersand"
        if " and " in b:
            return b.replace(" and ", " & "), "ampersand_for_and"
        return clean(re.sub(r"[.,']", "", b.replace("-", " "))), "no_punctuation"
    if had_the:
        tail = " Company" if any(r.lower() == "company" for r in removed) else ""
        return "The " + b + tail, "leading_the"
    if len(words) >= 3:
        return " ".join(words[:-1]).strip(","), "last_word_dropped"
    return b, "short"


def main(argv):
    nasdaq_now, other_now, nasdaq_old, other_old, out_dir = argv[1:6]
    now = {}
    exchange = {}
    for sym, name in listed(nasdaq_now, "Symbol", "Company Name", "Security Name", "ETF",
                            "Test Issue").items():
        now[sym], exchange[sym] = name, "NASDAQ"
    ex_names = {"N": "NYSE", "A": "NYSEAMERICAN", "P": "NYSEARCA", "Z": "BATS"}
    with open(other_now, newline="", encoding="utf-8", errors="replace") as f:
        ex_of = {r["ACT Symbol"]: ex_names.get(r["Exchange"], "") for r in csv.DictReader(f)}
    for sym, name in listed(other_now, "ACT Symbol", "Company Name", "Security Name", "ETF",
                            "Test Issue").items():
        if sym not in now:
            now[sym], exchange[sym] = name, ex_of.get(sym, "")
    old = old_names(nasdaq_old, "Symbol", "Company Name", "Security Name")
    old.update({k: v for k, v in old_names(other_old, "ACT Symbol", "Company Name", "Security Name").items()
                if k not in old})

    # One company per listed name; its other share classes become further tickers. A symbol's
    # old name that is another company's current name is not a rename: the company moved to
    # another symbol and the old one was reused ("Income Opportunity Realty Investors" under
    # IOT, now Samsara's).
    current = {simple(base(n)[0]) for n in now.values()}
    companies = {}
    for sym in sorted(now):
        key = simple(now[sym])
        if key not in companies:
            companies[key] = {"id": "lst-" + sym.lower().replace(".", "-"), "name": now[sym],
                              "symbols": [], "former": []}
        c = companies[key]
        c["symbols"].append(sym)
        # A rename: the old name under this symbol is not the new one (nor the new one with a
        # share-class text after it).
        if sym in old and not simple(base(old[sym])[0]).startswith(simple(base(now[sym])[0])) \
                and simple(base(old[sym])[0]) not in current:
            if old[sym] not in c["former"]:
                c["former"].append(old[sym])

    rows, queries = [], []
    for key in sorted(companies):
        c = companies[key]
        first = c["symbols"][0]
        absent = h(first, "absent") % 100 < 8  # 8 % of companies are left out of the directory
        split = "dev" if h(first, "split") % 100 < 40 else "test"
        expected = "" if absent else c["id"]
        if not absent:
            tickers = ";".join((exchange[s] + ":" if exchange.get(s) else "") + s
                               for s in c["symbols"])
            rows.append([c["id"], c["name"], tickers, ";".join(c["former"])])
        q, shape = typed(c["name"], first)
        if q:
            queries.append([split, q, expected, shape])
        for f in c["former"]:
            queries.append([split, base(f)[0], expected, "former_name"])
        if h(first, "ticker") % 20 == 0:
            queries.append([split, "$" + first, expected, "ticker"])

    with open(out_dir + "/companies.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ID", "Name", "Ticker", "Former Names"])
        w.writerows(rows)
    with open(out_dir + "/queries.tsv", "w", encoding="utf-8") as f:
        f.write("# split\tquery\texpected id (empty: not in the directory)\tshape\n")
        for q in queries:
            f.write("\t".join(x.replace("\t", " ") for x in q) + "\n")
    print(f"{len(rows)} companies in the directory, {len(queries)} queries "
          f"({sum(q[0] == 'test' for q in queries)} test)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
