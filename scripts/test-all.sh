#!/usr/bin/env bash
# The project's whole test command (called by ./workbench test and by .ci/run).
# Each named step prints its duration; the last line is the plain "N passed, N failed" summary.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPORT_DIR="${TEST_REPORT_DIR:-$ROOT/test-results}"
mkdir -p "$REPORT_DIR"
passed=0; failed=0; failed_steps=()
declare -a summary

step() { # name, command...
  local name="$1"; shift
  printf '\n=== step: %s ===\n' "$name"
  local t0=$SECONDS
  "$@"
  local rc=$?
  local dt=$((SECONDS - t0))
  if [ $rc -eq 0 ]; then summary+=("PASS  ${name} (${dt}s)"); else summary+=("FAIL  ${name} (${dt}s, exit ${rc})"); failed_steps+=("$name"); fi
  return 0
}

count_vitest() { # json report file
  [ -f "$1" ] || return 0
  local p f
  p=$(node -e "const r=require(process.argv[1]);console.log(r.numPassedTests||0)" "$1" 2>/dev/null || echo 0)
  f=$(node -e "const r=require(process.argv[1]);console.log((r.numFailedTests||0)+(r.numTodoTests||0))" "$1" 2>/dev/null || echo 0)
  passed=$((passed + p)); failed=$((failed + f))
}

vitest_project() { # project name
  rm -f "$REPORT_DIR/vitest-$1.json"
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$REPORT_DIR/vitest-$1.json"
  local rc=$?
  count_vitest "$REPORT_DIR/vitest-$1.json"
  return $rc
}

hardhat_total() { # kind (passing|failing), hardhat output
  # Hardhat 3 prints each runner's summary, then an overall one ("68 passing (68 mocha)"): the last line is the
  # total (summing them counted every contract test twice).
  local n
  n=$(grep -Eo "^[[:space:]]*[0-9]+ $1" "$2" | tail -n1 | grep -Eo '[0-9]+')
  echo "${n:-0}"
}

contracts_test() {
  local out="$REPORT_DIR/hardhat.txt"
  (cd contracts && npx hardhat test) 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  # The committed typed bindings must match the freshly compiled artifacts.
  node scripts/gen-chain-bindings.mjs --check || rc=1
  local p f
  p=$(hardhat_total passing "$out")
  f=$(hardhat_total failing "$out")
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" -eq 0 ] && [ "${f:-0}" -eq 0 ]
}

bench_engine_shape() { # issue 3's contract: bench engine --json is {cases: [{name, members, weeks, runs, workers, seconds, agentWeeksPerSecond}]}
  node -e '
    const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const keys = { name: "string", members: "number", weeks: "number", runs: "number", workers: "number", seconds: "number", agentWeeksPerSecond: "number" };
    if (!Array.isArray(j.cases) || j.cases.length === 0) throw new Error("bench engine --json: no cases array");
    for (const c of j.cases) for (const [k, t] of Object.entries(keys)) if (typeof c[k] !== t) throw new Error(`bench engine --json: case ${JSON.stringify(c.name)} has ${k} = ${JSON.stringify(c[k])}, expected a ${t}`);
    console.log(`bench engine --json: ${j.cases.length} cases, each with ${Object.keys(keys).join(", ")}`);
  ' "$1"
}

bench_smoke() {
  # The benches' quick versions: they must run to the end; their targets and budgets are reported, not enforced.
  node out/main/cli.js bench engine --quick --json >"$REPORT_DIR/bench-smoke.json" && cat "$REPORT_DIR/bench-smoke.json" &&
    bench_engine_shape "$REPORT_DIR/bench-smoke.json" &&
    node --import tsx bench/ui.ts --quick --json >"$REPORT_DIR/bench-ui.json" && cat "$REPORT_DIR/bench-ui.json"
}

step lint npx eslint .
step typecheck npx tsc -p tsconfig.json --noEmit
# Contracts first: compiling them produces the artifacts the chain integration tests deploy.
step contracts contracts_test
step unit vitest_project unit
step integration vitest_project integration
step e2e vitest_project e2e
step bench-smoke bench_smoke

failed_tests() { # the failing tests of each vitest report, one line each, so a CI log's tail names them
  local f
  for f in "$REPORT_DIR"/vitest-*.json; do
    [ -f "$f" ] || continue
    node -e '
      const r = require(process.argv[1]);
      const root = process.argv[2] + "/";
      for (const file of r.testResults || []) {
        const name = String(file.name || "").replace(root, "");
        if (file.status === "failed" && !(file.assertionResults || []).some((a) => a.status === "failed")) {
          console.log("  failed: " + name + ": " + String(file.message || "").split("\n")[0].slice(0, 300));
        }
        for (const a of file.assertionResults || []) {
          if (a.status !== "failed") continue;
          const why = String((a.failureMessages || [])[0] || "").split("\n")[0].slice(0, 300);
          console.log("  failed: " + name + " > " + a.fullName + ": " + why);
        }
      }' "$f" "$ROOT" 2>/dev/null
  done
}

printf '\n=== summary ===\n'
printf '%s\n' "${summary[@]}"
failed_tests
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  [ $failed -eq 0 ] && failed=${#failed_steps[@]}
fi
echo "${passed} passed, ${failed} failed"
[ ${#failed_steps[@]} -eq 0 ]
