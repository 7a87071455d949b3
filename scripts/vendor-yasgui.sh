#!/usr/bin/env bash
# Refresh the YASGUI that `szkg serve` ships (graph/query/static/yasgui/) from the npm package
# @zazuko/yasgui: its built, minified script and style sheet, so the query page works offline.
#
#   scripts/vendor-yasgui.sh 4.6.2        (or: make yasgui YASGUI_VERSION=4.6.2)
#
# The npm package carries no licence file (its package.json says MIT): LICENSE beside the files
# is the project's MIT licence text, kept as it is; check it still holds for a new version.
# Then run the browser tests (tests/test_query_page_browser.py) and update docs/endpoint.md.
set -euo pipefail
version="${1:?usage: $0 VERSION (e.g. 4.6.2)}"
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/graph/query/static/yasgui"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$version" >/dev/null)
tar -xzf "$work"/zazuko-yasgui-"$version".tgz -C "$work"
license="$(node -e 'console.log(require(process.argv[1]).license)' "$work/package/package.json")"
[ "$license" = "MIT" ] || { echo "@zazuko/yasgui $version is licensed '$license', not MIT: check LICENSE" >&2; exit 1; }
# the source maps are left behind (3.6 MB each); so is the comment that would ask for them
sed '/^\/\/# sourceMappingURL=/d' "$work/package/build/yasgui.min.js" > "$target/yasgui.min.js"
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' "$work/package/build/yasgui.min.css" > "$target/yasgui.min.css"
echo "$version" > "$target/VERSION"
echo "vendored @zazuko/yasgui $version into $target"
