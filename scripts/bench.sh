#!/usr/bin/env bash
# Reproduces the README's performance figures on this machine:
#   1. faultline's engine and a bare binary-heap loop on the M/M/c reference (criterion),
#   2. the same model in SimPy (needs `pip install simpy==4.1.1`),
#   3. the 24-hour soak: peak memory of a 24 h virtual run at ~1,000 msg/s,
#   4. seeking back in a one-hour run (the dashboard's time slider).
# Run it on an otherwise idle machine; the figures are wall-clock measurements.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
echo "== engine vs bare loop (criterion; 'thrpt' is messages per wall second)"
cargo bench --bench mmc -- --noplot 2>&1 | grep -E "^mmc_120s|thrpt|time:"

echo "== seeking back in a one-hour run (criterion; worst case)"
cargo bench --bench seek -- --noplot 2>&1 | grep -E "^seek_1h|time:"

echo "== faultline run (single run, wall clock)"
target/release/faultline run scenarios/mmc.ron --json --quiet | grep -E '"(wall_seconds|messages_per_wall_second|mean)"' | head -3

echo "== SimPy"
if python3 -c "import simpy" 2>/dev/null; then
  python3 benches/simpy_mmc.py 20
else
  echo "simpy not installed: pip install simpy==4.1.1"
fi

echo "== 24-hour soak: peak RSS"
/usr/bin/time -f "peak RSS %M KiB, %e s wall" target/release/faultline run benches/soak-24h.ron --quiet > /dev/null
