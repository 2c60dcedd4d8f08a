#!/usr/bin/env bash
# Measures how long the workbench takes from launch to its main window being shown, on a fresh
# workspace each run, and prints each run and the median. Run through `./studio bench-startup`.
set -euo pipefail
product="$1"; runs="${2:-3}"
times=()
for run in $(seq 1 "$runs"); do
  workspace=$(mktemp -d)
  start=$(date +%s.%N)
  "$product/promptstudio-workbench" --data "$workspace" >"$workspace.log" 2>&1 &
  pid=$!
  if ! timeout 180 xdotool search --sync --onlyvisible --name '^PromptStudio' >/dev/null; then
    kill "$pid" 2>/dev/null || true
    echo "run $run: no window within 180 s (log: $workspace.log)" >&2; exit 1
  fi
  end=$(date +%s.%N)
  seconds=$(python3 -c "print(f'{$end - $start:.2f}')")
  times+=("$seconds")
  echo "run $run: main window after ${seconds} s"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$workspace" "$workspace.log"
done
python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f'startup to window: median {statistics.median(v):.2f} s, min {min(v):.2f} s, max {max(v):.2f} s over {len(v)} runs')" "${times[@]}"
