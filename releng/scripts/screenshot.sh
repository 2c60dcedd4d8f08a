#!/usr/bin/env bash
# Starts the product on a sample workspace made with the CLI, opens a prompt file the way a user
# would (keyboard in the Prompt Library), and saves the main window as a PNG.
# Run through `./studio screenshot FILE`, which provides the display.
set -euo pipefail
product="$1"; cli_jar="$2"; out="$3"
workspace=$(mktemp -d)
java="${JAVA_HOME:?}/bin/java"
"$java" -jar "$cli_jar" init support-bots -w "$workspace" -p classify-ticket -p summarize-thread -p draft-reply >/dev/null
"$java" -jar "$cli_jar" init evals -w "$workspace" -p tone-check >/dev/null
"$product/promptstudio-workbench" --data "$workspace" >"$workspace.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$workspace" "$workspace.log"' EXIT
window=$(timeout 180 xdotool search --sync --onlyvisible --name '^PromptStudio' | head -1)
sleep 6
# The Prompt Library is the first view on the left (Getting Started, made on this first start, then evals and
# support-bots): from its first row, go down to the third file and open it with Enter.
xdotool mousemove --window "$window" 60 133 click 1
sleep 1
xdotool key --window "$window" Home Down Down Down Return
sleep 4
mkdir -p "$(dirname "$out")"
import -window "$window" "$out"
echo "saved $out"
