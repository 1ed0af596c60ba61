#!/bin/sh
# Trunk post-build hook: moves trunk's inline bootstrap <script type="module"> into
# boot-<hash>.js, so the app runs under a Content-Security-Policy without 'unsafe-inline':
#   script-src 'self' 'wasm-unsafe-eval'
# The name carries a hash of the content, like trunk's own files, so every asset can be
# cached for good and only index.html is revalidated.
set -eu
dir=${TRUNK_STAGING_DIR:?this script is run by trunk as a post_build hook}
html="$dir/index.html"
boot="$dir/boot.js"
awk -v js="$boot" '
  state == 0 && index($0, "<script type=\"module\">") {
    i = index($0, "<script type=\"module\">")
    printf "%s<script type=\"module\" src=\"BOOT_SCRIPT\"></script>\n", substr($0, 1, i - 1)
    $0 = substr($0, i + length("<script type=\"module\">"))
    state = 1
  }
  state == 1 {
    j = index($0, "</script>")
    if (j) { print substr($0, 1, j - 1) > js; tail = substr($0, j + 9); if (tail != "") print tail; state = 2; next }
    print > js
    next
  }
  { print }
  END { if (state != 2) { print "externalize-boot: no inline module script found" > "/dev/stderr"; exit 1 } }
' "$html" > "$html.new"
name="boot-$(sha256sum "$boot" | cut -c1-16).js"
mv "$boot" "$dir/$name"
sed "s|BOOT_SCRIPT|$name|" "$html.new" > "$html"
rm "$html.new"
