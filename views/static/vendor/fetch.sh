#!/usr/bin/env bash
# Fetches the vendored front-end files from the npm registry at pinned
# versions, copies them here with their licences, and records each file's
# package, version and SHA-256 in MANIFEST. views/vendor_test.go checks them.
# Run it only to upgrade: bump a version below, run, review, commit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version  file-in-package  name-here
files=(
  "@digdir/designsystemet-css@1.22.0 dist/src/index.css designsystemet.css"
  "@digdir/designsystemet-css@1.22.0 LICENSE designsystemet-css.LICENSE"
  "@digdir/designsystemet-theme@1.11.0 brand/digdir.css designsystemet-theme-digdir.css"
  "@digdir/designsystemet-theme@1.11.0 LICENSE designsystemet-theme.LICENSE"
  "htmx.org@2.0.11 dist/htmx.min.js htmx.min.js"
  "htmx.org@2.0.11 LICENSE htmx.LICENSE"
  "@fontsource-variable/inter@5.3.0 files/inter-latin-wght-normal.woff2 inter-latin-wght-normal.woff2"
  "@fontsource-variable/inter@5.3.0 files/inter-latin-ext-wght-normal.woff2 inter-latin-ext-wght-normal.woff2"
  "@fontsource-variable/inter@5.3.0 LICENSE inter.LICENSE"
  "echarts@5.6.0 dist/echarts.min.js echarts.min.js"
  "echarts@5.6.0 LICENSE echarts.LICENSE"
  "echarts@5.6.0 NOTICE echarts.NOTICE"
)

: > "$work/MANIFEST"
for line in "${files[@]}"; do
  read -r pkg src dst <<<"$line"
  dir="$work/$(echo "$pkg" | tr '/@' '__')"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz)
  fi
  cp "$dir/package/$src" "$here/$dst"
  sum=$(sha256sum "$here/$dst" | cut -d' ' -f1)
  echo "$dst $pkg $src $sum" >> "$work/MANIFEST"
done
{
  echo "# file package@version path-in-package sha256 (written by fetch.sh)"
  cat "$work/MANIFEST"
} > "$here/MANIFEST"
echo "vendored ${#files[@]} files"
