#!/usr/bin/env bash
# Fault injection: kills `samclr segment`, `samclr pretrain --checkpoints` and `samclr reproduce` with SIGKILL at
# random moments, N times each, restarts the same command after every kill, and checks that the interrupted run ends
# exactly where an uninterrupted one does: the same mask-store entries (none lost, none twice), the same encoder
# bytes, the same results table. Tiny built-in data (synthetic scenes), CPU only; a few minutes.
#
#   tools/fault-injection.sh [N] [SEED]     N kills per command (default 3), SEED for the kill times (default 1)
#
# Exit status 0 when every check passes. docs/RELIABILITY.md records the last run.
set -euo pipefail

N=${1:-3}
SEED=${2:-1}
RANDOM=$SEED
ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP="$ROOT/src/SamClr.MLNet.Samples/bin/Release/net10.0/samclr.dll"
if [[ ! -f "$APP" ]]; then dotnet build "$ROOT/src/SamClr.MLNet.Samples" -c Release >/dev/null; fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/samclr-faults-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LOG="$WORK/log.txt"
failures=0

samclr() { dotnet "$APP" "$@"; }

# Seconds since the epoch with fractions, and a random delay in [1, max] seconds (the first second is .NET starting up).
now() { date +%s.%N; }
random_delay() { awk -v r="$RANDOM" -v max="$1" 'BEGIN { d = 1 + (max - 1) * r / 32767; if (d < 1) d = 1; printf "%.2f", d }'; }

# Runs "$@" (a shell function) in the background in its own process group, and kills that whole group (the subshell
# and the dotnet process under it) with SIGKILL after a random delay below the uninterrupted duration ($1 seconds).
# Prints whether the kill landed or the command had finished before it.
kill_at_random() {
  local max=$1; shift
  local delay pid
  delay=$(random_delay "$max")
  set -m
  "$@" >>"$LOG" 2>&1 &
  pid=$!
  set +m
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "killed after ${delay}s"
  else
    local rc=0
    wait "$pid" 2>/dev/null || rc=$?
    echo "finished before ${delay}s (exit $rc)"
    if [[ $rc -ne 0 ]]; then echo "  FAIL the restarted run failed; see the log"; failures=$((failures + 1)); fi
  fi
  # A killed process lingers as a zombie until init reaps it; only a live one is a failure.
  local live=1 k
  for k in $(seq 1 50); do
    live=$(pgrep -g "$pid" | xargs -r ps -o stat= -p | grep -vc '^Z' || true)
    [[ "$live" -eq 0 ]] && break
    sleep 0.1
  done
  if [[ "$live" -ne 0 ]]; then echo "  FAIL a process of the killed run survived"; failures=$((failures + 1)); fi
}

# Times an uninterrupted run of "$@" (its output to the log); prints the seconds.
timed() {
  local start end
  start=$(now)
  "$@" >>"$LOG" 2>&1
  end=$(now)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

check() {
  local what=$1 expected=$2 actual=$3
  if [[ "$expected" == "$actual" ]]; then
    echo "  PASS $what"
  else
    echo "  FAIL $what: expected $expected, got $actual"
    failures=$((failures + 1))
  fi
}

# The entries of a store: regions.log after its first record (the manifest copy, which holds the creation time).
store_entries() {
  local log="$1/regions.log" length
  length=$(od -An -t u4 -j 4 -N 4 "$log" | tr -d ' ')
  tail -c +$((12 + length + 1)) "$log" | sha256sum | cut -d' ' -f1
}

# One hash over the contents of every file of a folder, in name order.
# A folder's files, hashed; a missing folder gives a value that names it, so a check of two missing folders fails.
folder_hash() {
  if [[ ! -d "$1" ]]; then echo "missing folder $1"; return; fi
  find "$1" -type f | sort | xargs sha256sum | cut -d' ' -f1 | sha256sum | cut -d' ' -f1
}

echo "fault injection: N=$N kills per command, seed $SEED, work folder $WORK"
samclr scenes --out "$WORK/data" --count 150 --size 64 --seed 1 --objects 24 --object-size 24 >>"$LOG" 2>&1
IMAGES="$WORK/data/images"
OBJECTS="$WORK/data/objects"

echo "segment"
segment() { samclr segment --images "$IMAGES" --canvas 64 --out "$1"; }
t=$(timed segment "$WORK/seg-ref")
echo "  uninterrupted: ${t}s"
for i in $(seq 1 "$N"); do printf '  kill %s: ' "$i"; kill_at_random "$t" segment "$WORK/seg-kill"; done
segment "$WORK/seg-kill" >>"$LOG" 2>&1
check "same store entries as the uninterrupted run" "$(store_entries "$WORK/seg-ref")" "$(store_entries "$WORK/seg-kill")"
check "no writer lock left" "absent" "$( [[ -e "$WORK/seg-kill/writer.lock" ]] && echo present || echo absent )"

echo "pretrain --checkpoints"
pretrain() {
  local checkpoints=$1 out=$2 resume=()
  if compgen -G "$checkpoints/step-*.samclrckpt" >/dev/null; then resume=(--resume "$checkpoints"); fi
  samclr pretrain --images "$IMAGES" --max-images 48 --method samclr --store "$WORK/seg-ref" --backbone small-cnn --view-size 16 \
    --epochs 20 --batch 8 --seed 3 --device cpu --checkpoints "$checkpoints" --out "$out" "${resume[@]}"
}
t=$(timed pretrain "$WORK/ck-ref" "$WORK/enc-ref")
echo "  uninterrupted: ${t}s"
for i in $(seq 1 "$N"); do printf '  kill %s: ' "$i"; kill_at_random "$t" pretrain "$WORK/ck-kill" "$WORK/enc-kill"; done
pretrain "$WORK/ck-kill" "$WORK/enc-kill" >>"$LOG" 2>&1
check "same encoder bytes" "$(folder_hash "$WORK/enc-ref")" "$(folder_hash "$WORK/enc-kill")"

echo "reproduce"
reproduce() {
  samclr reproduce --pretrain "$IMAGES" --max-images 48 --methods simclr --eval "$OBJECTS" --epochs 10 --batch 8 --view-size 16 \
    --backbone small-cnn --seed 7 --device cpu --out "$1"
}
t=$(timed reproduce "$WORK/rep-ref")
echo "  uninterrupted: ${t}s"
for i in $(seq 1 "$N"); do printf '  kill %s: ' "$i"; kill_at_random "$t" reproduce "$WORK/rep-kill"; done
reproduce "$WORK/rep-kill" >>"$LOG" 2>&1
table() { tail -n +2 "$1/results.csv" | cut -d, -f1-6 | sort | sha256sum | cut -d' ' -f1; }
check "same results table (method, set, protocol, top-1, image counts)" "$(table "$WORK/rep-ref")" "$(table "$WORK/rep-kill")"
check "same reproduced encoder bytes" "$(folder_hash "$WORK/rep-ref/seed7/simclr/encoder")" "$(folder_hash "$WORK/rep-kill/seed7/simclr/encoder")"

if [[ $failures -eq 0 ]]; then echo "all checks passed"; else echo "$failures check(s) failed; log: kept in $WORK.log"; cp "$LOG" "$WORK.log"; fi
exit $((failures > 0))
