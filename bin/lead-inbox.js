#!/usr/bin/env node
// Runs the TypeScript CLI straight from source, so `npx lead-inbox` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cliEntry.ts');
