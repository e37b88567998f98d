#!/usr/bin/env bash
# Builds the QA Portal's front-end files into ../static/ from the npm packages
# pinned in package.json / package-lock.json. Run from anywhere:
#   bash frontend/build.sh
# The output in static/ is committed; node_modules/ is not.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
static="$(cd "$here/.." && pwd)/static"
gf="node_modules/govuk-frontend"
hx="node_modules/htmx.org"
ar="node_modules/@fontsource/arimo"

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi

version() { node -p "require('./$1/package.json').version"; }
licence() { node -p "require('./$1/package.json').license"; }
# Removes source map comments: the maps are not vendored, and Django's manifest
# storage (whitenoise) fails on a reference to a missing file.
strip_source_map() { sed -E -i 's|/[/*]# sourceMappingURL=[^ ]*( \*/)?$||' "$1"; }

mkdir -p "$static/govuk" "$static/vendor"

# 1. CSS. No GDS Transport (Arial instead), no GOV.UK images.
npx sass --pkg-importer=node --quiet-deps --style=compressed --no-source-map \
  src/qaportal.scss "$static/govuk/qaportal.css"
# The footer's Royal Arms crest is the only image GOV.UK Frontend's CSS refers
# to; it is not vendored, so the reference goes (the element is hidden too).
sed -E -i 's#url\("?/static/govuk/assets/images/govuk-crest\.svg"?\)#none#g' \
  "$static/govuk/qaportal.css"
strip_source_map "$static/govuk/qaportal.css"

# 2. GOV.UK Frontend JavaScript.
cp "$gf/dist/govuk/govuk-frontend.min.js" "$static/govuk/govuk-frontend.min.js"
strip_source_map "$static/govuk/govuk-frontend.min.js"

# 3. GOV.UK images, except everything GOV.UK-branded (crown, crest, icons,
#    favicons). As of 5.x that is all of them, so nothing is copied; no fonts.
rm -rf "$static/govuk/assets"
images_copied=()
for f in "$gf"/dist/govuk/assets/images/*; do
  name="$(basename "$f")"
  case "$name" in
    favicon* | govuk-icon* | govuk-crest* | govuk-opengraph* | apple-touch-icon* | *crown*) continue ;;
  esac
  mkdir -p "$static/govuk/assets/images"
  cp "$f" "$static/govuk/assets/images/$name"
  images_copied+=("govuk/assets/images/$name")
done

# 4. htmx.
cp "$hx/dist/htmx.min.js" "$static/vendor/htmx.min.js"
strip_source_map "$static/vendor/htmx.min.js"

# 4b. Arimo (metric-compatible with Arial) for the PDF reports: WeasyPrint loads it from
#     static/, so a report looks the same on every server whatever fonts it has.
rm -rf "$static/fonts/arimo"
mkdir -p "$static/fonts/arimo"
for face in 400-normal 400-italic 700-normal 700-italic; do
  cp "$ar/files/arimo-latin-$face.woff" "$static/fonts/arimo/"
done
cp "$ar/LICENSE" "$static/fonts/arimo/LICENSE.txt"

# 5. Licences. The govuk-frontend npm package ships no licence file, so its
#    MIT licence (from the project's repository) is written out here.
gf_licence_file="$(find "$gf" -maxdepth 1 -iname 'licen[cs]e*' | head -n 1)"
if [ -n "$gf_licence_file" ]; then
  cp "$gf_licence_file" "$static/govuk/LICENCE.txt"
else
  cat > "$static/govuk/LICENCE.txt" <<'EOF'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF
fi
cp "$hx/LICENSE" "$static/vendor/htmx-LICENSE.txt"

# 6. Checks: no GDS Transport, no source maps, every url() in the CSS exists.
css="$static/govuk/qaportal.css"
if grep -q "GDS Transport" "$css"; then
  echo "build.sh: GDS Transport is still in $css" >&2; exit 1
fi
if grep -l "sourceMappingURL" "$css" "$static/govuk/govuk-frontend.min.js" "$static/vendor/htmx.min.js"; then
  echo "build.sh: a sourceMappingURL is left in the file(s) above" >&2; exit 1
fi
{ grep -o 'url([^)]*)' "$css" || true; } | sort -u | while read -r ref; do
  path="$(printf '%s' "$ref" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//')"
  case "$path" in
    data:*) continue ;;
    /static/*) [ -f "$static/${path#/static/}" ] && continue ;;
  esac
  echo "build.sh: $css refers to $path, which is not in static/" >&2; exit 1
done

# 7. Record what was vendored.
gf_v="$(version "$gf")"; hx_v="$(version "$hx")"; sass_v="$(version node_modules/sass)"
gf_l="$(licence "$gf")"; hx_l="$(licence "$hx")"
ar_v="$(version "$ar")"; ar_l="$(licence "$ar")"
{
  echo "# Vendored front-end files"
  echo
  echo "Generated by \`bash frontend/build.sh\` from the versions pinned in"
  echo "\`frontend/package.json\` and \`frontend/package-lock.json\`. Do not edit these"
  echo "files by hand: change \`frontend/\` and rebuild (Node 20.19+ and npm needed)."
  echo
  echo "| file | package | version | licence |"
  echo "| --- | --- | --- | --- |"
  echo "| govuk/qaportal.css | govuk-frontend (compiled with sass $sass_v, with frontend/src/qaportal.scss) | $gf_v | $gf_l (govuk/LICENCE.txt) |"
  echo "| govuk/govuk-frontend.min.js | govuk-frontend | $gf_v | $gf_l (govuk/LICENCE.txt) |"
  for img in ${images_copied[@]+"${images_copied[@]}"}; do
    echo "| $img | govuk-frontend | $gf_v | Open Government Licence v3.0 (Crown copyright) |"
  done
  echo "| govuk/LICENCE.txt | govuk-frontend | $gf_v | licence text |"
  echo "| vendor/htmx.min.js | htmx.org | $hx_v | $hx_l (vendor/htmx-LICENSE.txt) |"
  echo "| vendor/htmx-LICENSE.txt | htmx.org | $hx_v | licence text |"
  echo "| fonts/arimo/arimo-latin-{400,700}-{normal,italic}.woff | @fontsource/arimo | $ar_v | $ar_l (fonts/arimo/LICENSE.txt) |"
  echo "| fonts/arimo/LICENSE.txt | @fontsource/arimo | $ar_v | licence text |"
  echo "| images/favicon.svg | the QA Portal's own (not built) | - | the project's licence |"
  echo
  if [ ${#images_copied[@]} -eq 0 ]; then
    echo "No GOV.UK images or fonts are vendored: the crown, crest, GOV.UK icons,"
    echo "favicons and the GDS Transport font are for GOV.UK services only. So nothing"
    echo "here is under the Open Government Licence."
  else
    echo "GOV.UK images are Crown copyright under the Open Government Licence v3.0."
    echo "No GOV.UK fonts are vendored."
  fi
  echo
  echo "Arimo (SIL Open Font License 1.1), metric-compatible with Arial, is used only by"
  echo "the PDF reports (reports/static/reports/report.css), which WeasyPrint renders"
  echo "from these files so that a report never depends on the server's fonts."
  echo
  echo "The stylesheet uses Arial (\`\$govuk-font-family: (arial, sans-serif)\`,"
  echo "\`\$govuk-include-default-font-face: false\`). Its one reference to a GOV.UK image,"
  echo "the footer crest, is replaced by \`none\` at build time. Templates must not set"
  echo "the \`govuk-template--rebranded\` class and must not use the GOV.UK crown logo."
} > "$static/VENDORED.md"

ls -l "$css" "$static/govuk/govuk-frontend.min.js" "$static/vendor/htmx.min.js"
echo "build.sh: done (govuk-frontend $gf_v, htmx.org $hx_v, sass $sass_v, @fontsource/arimo $ar_v)"
