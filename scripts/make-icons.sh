#!/usr/bin/env bash
# Draws the app and tray icons with ImageMagick (apt-get install imagemagick icnsutils). The output is
# committed; run this again only to change the artwork.
#   build/icon.png (1024), build/icon.ico, build/icon.icns       electron-builder's app icons
#   electron/shell/assets/tray-<state>.png (+@2x)                Windows and Linux tray, coloured by state
#   electron/shell/assets/tray-<state>Template.png (+@2x)        macOS tray: black + alpha, state by shape
# The mark: three inputs merging into one output (a multiplexer).
set -euo pipefail
cd "$(dirname "$0")/.."
out=electron/shell/assets
mkdir -p build "$out"

# mark SIZE COLOUR STROKE → the three-into-one lines, as draw commands scaled to SIZE.
mark() {
  local s=$1 c=$2 w=$3
  local x0=$((s * 22 / 100)) x1=$((s * 62 / 100)) x2=$((s * 80 / 100))
  local y1=$((s * 30 / 100)) y2=$((s * 50 / 100)) y3=$((s * 70 / 100))
  printf -- "-fill none -stroke %s -strokewidth %s -draw \"line %d,%d %d,%d\" -draw \"line %d,%d %d,%d\" -draw \"line %d,%d %d,%d\" -draw \"line %d,%d %d,%d\"" \
    "$c" "$w" $x0 $y1 $x1 $y2 $x0 $y2 $x1 $y2 $x0 $y3 $x1 $y2 $x1 $y2 $x2 $y2
}

# App icon: a dark rounded square with the mark in a light accent.
eval convert -size 1024x1024 xc:none -fill '"#1f2430"' -draw '"roundrectangle 64,64 960,960 200,200"' \
  "$(mark 1024 '"#7dd3a8"' 64)" -stroke none -fill '"#7dd3a8"' -draw '"circle 819,512 819,560"' build/icon.png
convert build/icon.png -define icon:auto-resize=256,128,64,48,32,16 build/icon.ico
tmp=$(mktemp -d)
for s in 16 32 128 256 512; do convert build/icon.png -resize ${s}x${s} "$tmp/icon_$s.png"; done
png2icns build/icon.icns "$tmp"/icon_16.png "$tmp"/icon_32.png "$tmp"/icon_128.png "$tmp"/icon_256.png "$tmp"/icon_512.png >/dev/null
rm -rf "$tmp"

colour() { case $1 in running) echo '"#2e9d5b"';; degraded) echo '"#d08a00"';; paused) echo '"#8a8f98"';; error) echo '"#d0342c"';; esac; }

# tray SIZE STATE FILE TEMPLATE
tray() {
  local s=$1 state=$2 file=$3 template=$4 bg fg badge=""
  local r=$((s / 2 - 1)) c=$((s / 2)) w=$((s / 10 > 0 ? s / 10 : 1))
  local bx=$((s * 78 / 100)) by=$((s * 22 / 100)) br=$((s * 20 / 100))
  if [ "$template" = 1 ]; then
    fg='"#000000"'
    case $state in
      running) bg="-fill none -stroke $fg -strokewidth $w -draw \"circle $c,$c $c,$((c - r + w))\"" ;;
      paused) bg="-fill none -stroke $fg -strokewidth $w -draw \"stroke-dasharray $((s / 5)) $((s / 8)) circle $c,$c $c,$((c - r + w))\"" ;;
      degraded) bg="-fill none -stroke $fg -strokewidth $w -draw \"circle $c,$c $c,$((c - r + w))\""; badge="-stroke none -fill $fg -draw \"circle $bx,$by $bx,$((by - br))\"" ;;
      error) bg="-fill none -stroke $fg -strokewidth $w -draw \"circle $c,$c $c,$((c - r + w))\""; badge="-stroke $fg -strokewidth $w -draw \"line $((bx - br)),$((by - br)) $((bx + br)),$((by + br))\" -draw \"line $((bx - br)),$((by + br)) $((bx + br)),$((by - br))\"" ;;
    esac
    eval convert -size ${s}x${s} xc:none $bg "$(mark "$s" "$fg" "$w")" $badge "$file"
  else
    bg="-stroke none -fill $(colour "$state") -draw \"circle $c,$c $c,$((c - r))\""
    eval convert -size ${s}x${s} xc:none $bg "$(mark "$s" '"#ffffff"' "$w")" "$file"
  fi
}

for state in running degraded paused error; do
  tray 16 $state "$out/tray-${state}Template.png" 1
  tray 32 $state "$out/tray-${state}Template@2x.png" 1
  tray 32 $state "$out/tray-${state}.png" 0
  tray 64 $state "$out/tray-${state}@2x.png" 0
done
echo "icons written to build/ and $out/"
