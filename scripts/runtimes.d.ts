/** Types for runtimes.js (a plain script, run by .ci/run). */
export declare const ELECTRON_NODE_LINES: Readonly<Record<number, number>>;
export declare function nodeLineForElectron(version: string): number;
export declare function pinnedElectron(root: string): string;
