#!/usr/bin/env bash
# Re-vendors the email domain lists used by domain/contacts from the npm registry.
#
#   tools/refresh-contact-lists.sh            # latest published versions
#   tools/refresh-contact-lists.sh 1.0.62 1.7.0   # pin disposable-email-domains, freemail
#
# Writes only data and licence files under data/contacts/ and records the package versions,
# tarball checksums and the date in data/contacts/SOURCES.md. Our own lists (role local parts,
# placeholders, typos) are not touched. Needs npm and node (Debian packages `npm`, `nodejs`).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/data/contacts"
dea_version="${1:-latest}"
freemail_version="${2:-latest}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

npm pack --silent "disposable-email-domains@$dea_version" >/dev/null
npm pack --silent "freemail@$freemail_version" >/dev/null
dea_tgz=$(ls disposable-email-domains-*.tgz)
fm_tgz=$(ls freemail-*.tgz)
mkdir dea fm
tar xzf "$dea_tgz" -C dea
tar xzf "$fm_tgz" -C fm
dea_ver=$(node -p "require('./dea/package/package.json').version")
fm_ver=$(node -p "require('./fm/package/package.json').version")

# One lower-case domain per line, sorted, so diffs between refreshes stay readable.
node -e "for (const d of require('./dea/package/index.json')) console.log(d.trim().toLowerCase())" \
  | LC_ALL=C sort -u >"$out/disposable_domains.txt"
node -e "for (const d of require('./dea/package/wildcard.json')) console.log(d.trim().toLowerCase())" \
  | LC_ALL=C sort -u >"$out/disposable_wildcard_domains.txt"
tr 'A-Z' 'a-z' <fm/package/data/free.txt | sed 's/[[:space:]]//g' | grep -v '^$' \
  | LC_ALL=C sort -u >"$out/free_webmail_domains.txt"

# disposable-email-domains ships no LICENSE file; package.json says MIT and the Readme carries the
# notice, so keep that section verbatim.
{
  echo "disposable-email-domains $dea_ver (npm), licence: $(node -p "require('./dea/package/package.json').license")"
  echo "Licence section of the package Readme.md, verbatim:"
  echo
  sed -n '/^# License/,$p' dea/package/Readme.md
} >"$out/LICENSE.disposable-email-domains"
cp fm/package/LICENSE "$out/LICENSE.freemail"

cat >"$out/SOURCES.md" <<EOF
# Vendored contact lists

Refreshed by \`tools/refresh-contact-lists.sh\` on $(date -u +%Y-%m-%d).

| file | from | version | licence | entries | tarball sha1 |
|---|---|---|---|---|---|
| disposable_domains.txt | npm \`disposable-email-domains\` index.json | $dea_ver | $(node -p "require('./dea/package/package.json').license") (LICENSE.disposable-email-domains) | $(wc -l <"$out/disposable_domains.txt") | $(sha1sum "$dea_tgz" | cut -d' ' -f1) |
| disposable_wildcard_domains.txt | npm \`disposable-email-domains\` wildcard.json | $dea_ver | same | $(wc -l <"$out/disposable_wildcard_domains.txt") | same |
| free_webmail_domains.txt | npm \`freemail\` data/free.txt | $fm_ver | $(node -p "require('./fm/package/package.json').license") (LICENSE.freemail) | $(wc -l <"$out/free_webmail_domains.txt") | $(sha1sum "$fm_tgz" | cut -d' ' -f1) |

freemail's own data/disposable.txt is not vendored: at 1.7.0 all but about 230 of its 88k domains
are already in disposable-email-domains.

Written by the project (not refreshed by the script): role_local_parts.txt,
placeholder_local_parts.txt, placeholder_domains.txt, no_reply_local_parts.txt, domain_typos.txt.
EOF
echo "refreshed: disposable-email-domains $dea_ver, freemail $fm_ver -> $out" >&2
