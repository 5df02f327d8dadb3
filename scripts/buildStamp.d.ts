/** Types for buildStamp.js, which the launcher runs as plain JavaScript before any bundle exists. */
export declare const STAMP_FILE: string;
export declare function writeStamp(root: string, inputs: readonly string[]): void;
export declare function staleReason(root: string): string | null;
