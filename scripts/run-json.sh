#!/usr/bin/env bash
# Keeps a restructure honest: `run --json` of every shipped scenario, saved before a change
# and compared after it. Equal means bit-identical numbers; keys that only the new run has
# are allowed (a new figure), missing or changed values are listed. The wall-clock fields
# (wall_seconds, messages_per_wall_second) are left out.
#
#   scripts/run-json.sh save DIR        # writes DIR/NAME.json for scenarios/*.ron
#   scripts/run-json.sh compare DIR     # runs them again and compares with DIR
#
# Needs python3 for the comparison. Builds in release first; PROFILE=debug uses the debug
# build instead (slower runs, but no release build while you work).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: run-json.sh save|compare DIR}
dir=${2:?usage: run-json.sh save|compare DIR}
profile=${PROFILE:-release}
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
mkdir -p "$dir"
status=0
for file in scenarios/*.ron; do
  name=$(basename "$file" .ron)
  out="$dir/$name.json"
  # A scenario added since the baseline has nothing to be compared with: say so, go on.
  if [ "$mode" = compare ] && [ ! -f "$out" ]; then
    echo "$name: new (no baseline)"
    continue
  fi
  [ "$mode" = compare ] && out=$(mktemp)
  # Expectations that fail (exit 3) still print the report; anything else is an error.
  "target/$profile/faultline" run "$file" --json --quiet > "$out" || [ $? -eq 3 ]
  if [ "$mode" = compare ]; then
    python3 - "$dir/$name.json" "$out" "$name" <<'PY' || status=1
import json, sys
before, after, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
WALL = {"wall_seconds", "messages_per_wall_second"}
def diff(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key in WALL and not path:
                continue
            if key not in b:
                yield f"{path}/{key}: missing"
            else:
                yield from diff(a[key], b[key], f"{path}/{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} -> {b!r}"
found = list(diff(before, after, ""))
print(f"{name}: " + ("identical" if not found else f"{len(found)} differences"))
for line in found[:10]:
    print("   ", line)
sys.exit(1 if found else 0)
PY
    rm -f "$out"
  fi
done
exit $status
