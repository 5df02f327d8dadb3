#!/usr/bin/env node
// Prints Vitest's JSON report as one plain closing line: "Tests: N passed, N failed" (plus skipped).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('Tests: 0 passed, 1 failed');
  console.error(`No test report at ${file}: the test run did not finish.`);
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(report.numFailedTests === 0 && report.numPassedTests > 0 ? 0 : 1);
