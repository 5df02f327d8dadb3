// Which file of the SQLite driver the desktop app ships. better-sqlite3 13 is a Node-API module (N-API 10)
// and carries a prebuilt binary for each platform we package: one file works in every Electron whose Node
// has N-API 10 (Electron 35 on), so nothing is compiled or downloaded per Electron version. Plain functions
// of their inputs, so the decisions are tested with Windows, macOS and Linux inputs on any machine.

/** The platforms and architectures better-sqlite3 ships a prebuilt driver for, and so those we package. */
export const PACKAGED_TARGETS = {
  linux: ['x64', 'arm64'],
  darwin: ['x64', 'arm64'],
  win32: ['x64', 'arm64'],
};

/** The driver's name inside better-sqlite3's prebuilds/ folder for one packaged target. */
export function prebuildName(platform, arch) {
  if (!PACKAGED_TARGETS[platform]?.includes(arch)) {
    const known = Object.entries(PACKAGED_TARGETS).flatMap(([p, arches]) => arches.map((a) => `${p}-${a}`));
    throw new Error(`Lead Inbox cannot be packaged for ${platform}-${arch}: its SQLite driver is built for ${known.join(', ')} only.`);
  }
  return `${platform}-${arch}.node`;
}

/** Whether an installed better-sqlite3 is the Node-API line that Electron loads (13 and newer). */
export function isNodeApiDriver(version) {
  return Number(String(version).split('.')[0]) >= 13;
}

export const BINDING_FILE = 'better_sqlite3.node';
