#!/usr/bin/env node
// Prints Vitest's JSON reports as plain closing lines: one per report ("label: N passed, N failed", plus
// skipped), then the total as "Tests: N passed, N failed". Arguments: report files, each optionally
// "label=file" (default: test-results/vitest.json). Exits non-zero when a report is missing or has a failure.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const reports = (args.length ? args : ['test-results/vitest.json']).map((arg) => {
  const at = arg.lastIndexOf('=');
  return at > 0 ? { label: arg.slice(0, at), file: arg.slice(at + 1) } : { label: arg, file: arg };
});
const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const { label, file } of reports) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.error(`${label}: no test report at ${file}: the test run did not finish.`);
    total.failed += 1;
    ok = false;
    continue;
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += skipped;
  if (report.numFailedTests !== 0 || report.numPassedTests === 0) ok = false;
}
console.log(`Tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
