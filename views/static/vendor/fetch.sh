#!/usr/bin/env bash
# Fetches the vendored front-end files and fonts from the npm registry at
# pinned versions, copies them with their licences, and records each file's
# package, version and SHA-256 in a MANIFEST beside it. Tests check them
# (views/vendor_test.go, reports/fonts_test.go). Run it only to upgrade:
# bump a version below, run, review, commit. The PDF fonts are cut down to
# the scripts samla's reports write (pyftsubset from fonttools, Debian's
# python3-fonttools): half of DejaVu's 6 000 glyphs is Arabic, Hebrew,
# Georgian and more that fpdf cannot set anyway, and fpdf parses every
# glyph again for each PDF.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version  file-in-package  destination (relative to the repository)
files=(
  "@digdir/designsystemet-css@1.22.0 dist/src/index.css views/static/vendor/designsystemet.css"
  "@digdir/designsystemet-css@1.22.0 LICENSE views/static/vendor/designsystemet-css.LICENSE"
  "@digdir/designsystemet-theme@1.11.0 brand/digdir.css views/static/vendor/designsystemet-theme-digdir.css"
  "@digdir/designsystemet-theme@1.11.0 LICENSE views/static/vendor/designsystemet-theme.LICENSE"
  "htmx.org@2.0.11 dist/htmx.min.js views/static/vendor/htmx.min.js"
  "htmx.org@2.0.11 LICENSE views/static/vendor/htmx.LICENSE"
  "@fontsource-variable/inter@5.3.0 files/inter-latin-wght-normal.woff2 views/static/vendor/inter-latin-wght-normal.woff2"
  "@fontsource-variable/inter@5.3.0 files/inter-latin-ext-wght-normal.woff2 views/static/vendor/inter-latin-ext-wght-normal.woff2"
  "@fontsource-variable/inter@5.3.0 LICENSE views/static/vendor/inter.LICENSE"
  "echarts@5.6.0 dist/echarts.min.js views/static/vendor/echarts.min.js"
  "echarts@5.6.0 LICENSE views/static/vendor/echarts.LICENSE"
  "echarts@5.6.0 NOTICE views/static/vendor/echarts.NOTICE"
  "dejavu-fonts-ttf@2.37.3 ttf/DejaVuSansCondensed.ttf reports/fonts/DejaVuSansCondensed.ttf"
  "dejavu-fonts-ttf@2.37.3 ttf/DejaVuSansCondensed-Bold.ttf reports/fonts/DejaVuSansCondensed-Bold.ttf"
  "dejavu-fonts-ttf@2.37.3 LICENSE reports/fonts/DejaVu.LICENSE"
)

# Latin with its extensions and combining marks, Greek, Cyrillic,
# punctuation, currency, letterlike and number forms, arrows, mathematics,
# technical and geometric shapes, symbols and dingbats.
pdf_unicodes="U+0000-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-215F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2500-25FF,U+2600-26FF,U+2700-27BF,U+FB00-FB06,U+FFFD"

declare -A manifests=()
for line in "${files[@]}"; do
  read -r pkg src dst <<<"$line"
  dir="$work/$(echo "$pkg" | tr '/@' '__')"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz)
  fi
  destdir=$(dirname "$repo/$dst")
  mkdir -p "$destdir"
  cp "$dir/package/$src" "$repo/$dst"
  case "$dst" in reports/fonts/*.ttf)
    python3 -m fontTools.subset "$dir/package/$src" --unicodes="$pdf_unicodes" --glyph-names \
      --notdef-outline --name-IDs='*' --name-languages='*' --output-file="$repo/$dst"
    src="$src(subset:$pdf_unicodes)" ;;
  esac
  sum=$(sha256sum "$repo/$dst" | cut -d' ' -f1)
  key=$(echo "$destdir" | tr '/' '_')
  echo "$(basename "$dst") $pkg $src $sum" >> "$work/MANIFEST.$key"
  manifests[$key]=$destdir
done
for key in "${!manifests[@]}"; do
  {
    echo "# file package@version path-in-package sha256 (written by views/static/vendor/fetch.sh)"
    cat "$work/MANIFEST.$key"
  } > "${manifests[$key]}/MANIFEST"
done
echo "vendored ${#files[@]} files"
