#!/usr/bin/env node
// Which Node each supported Electron line bundles (the node_version in each release branch's DEPS file), so
// that CI tests the core on the Node it runs on inside the app. Moving to a new Electron major means adding
// its line here first; `node scripts/runtimes.js node-line` prints the line for the pinned Electron, which
// .ci/run installs, and test/unit/runtimes.test.ts fails when the two disagree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ELECTRON_NODE_LINES = { 41: 24, 42: 24, 43: 24, 44: 24, 45: 24 };

/** The Node major line bundled by an Electron version ("45.6.1"); throws for a line not in the table. */
export function nodeLineForElectron(version) {
  const major = Number(String(version).split('.')[0]);
  const line = ELECTRON_NODE_LINES[major];
  if (!line) throw new Error(`Electron ${version}: its Node line is not in scripts/runtimes.js. Look up node_version in the ${major}-x-y branch's DEPS file and add it.`);
  return line;
}

/** The Electron version package.json pins (an exact version: the installers are built with exactly it). */
export function pinnedElectron(root) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'node-line') {
  console.log(nodeLineForElectron(pinnedElectron(join(import.meta.dirname, '..'))));
}
