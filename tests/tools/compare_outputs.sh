#!/usr/bin/env bash
# Byte-for-byte comparison of policytrack's outputs before and after a refactoring.
#
#   tests/tools/compare_outputs.sh capture DIR   # write every output into DIR
#   tests/tools/compare_outputs.sh compare A B   # diff -r two captures; exit 1 when they differ
#
# Captured: `check --format text|json|sarif|junit|github` on the miniature county, the D.C. repository and
# King County; `status`; `graph` exports; `policytrack pages` with POLICYTRACK_TODAY and --as-of pinned;
# `policytrack schema`. Run `capture` on the old commit and on the new one (each with its own install),
# then `compare`.
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
pt="${POLICYTRACK:-$here/.venv/bin/policytrack}"
case "${1:-}" in
capture)
  out="$(mkdir -p "$2" && cd "$2" && pwd)"
  export POLICYTRACK_TODAY=2026-12-01 GITHUB_ACTIONS=false
  cd "$here"
  for repo in tests/repos/county tests/repos/dc-near-act .; do
    name="$(echo "$repo" | tr '/.' '__')"
    for fmt in text json sarif junit github; do
      "$pt" check "$repo" --as-of 2026-12-01 --format "$fmt" >"$out/check-$name.$fmt" 2>&1
      echo "exit $?" >>"$out/check-$name.$fmt"
    done
    "$pt" status "$repo" --as-of 2026-12-01 >"$out/status-$name.txt" 2>&1
    "$pt" pages "$out/pages-$name" "$repo" --as-of 2026-12-01 2>&1 | sed "s#$out#OUT#g" >"$out/pages-$name.log"
    echo "exit ${PIPESTATUS[0]}" >>"$out/pages-$name.log"
  done
  "$pt" check . --as-of 2019-07-09 --format json >"$out/check-kc-2019.json" 2>&1
  "$pt" pages "$out/pages-kc-2019" . --as-of 2019-07-09 2>&1 | sed "s#$out#OUT#g" >"$out/pages-kc-2019.log"
  "$pt" schema "$out/schemas" >/dev/null 2>&1
  # the commit the site was built from differs by design: replace it by a word
  full="$(git -C "$here" rev-parse HEAD)"; short="$(git -C "$here" rev-parse --short HEAD)"
  grep -rlZ -e "$short" "$out" | xargs -0 -r sed -i -e "s/$full/COMMIT/g" -e "s/$short/COMMIT/g"
  echo "captured into $out"
  ;;
compare)
  if diff -r "$2" "$3" >/tmp/compare_outputs.diff; then
    echo "identical: $2 $3"
  else
    echo "DIFFERENT (first lines of /tmp/compare_outputs.diff):"; head -40 /tmp/compare_outputs.diff; exit 1
  fi
  ;;
*) echo "usage: $0 capture DIR | compare A B" >&2; exit 2 ;;
esac
