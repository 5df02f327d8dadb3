/** Development tooling: the browser the end-to-end tests and the window benchmark drive. */
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, without the background traffic this machine's closed network refuses. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
