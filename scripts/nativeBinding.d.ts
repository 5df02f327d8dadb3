/** Types for nativeBinding.js (plain JavaScript, shared by the scripts and electron/main.ts). */
export declare const PACKAGED_TARGETS: Readonly<Record<string, readonly string[]>>;
export declare function prebuildName(platform: string, arch: string): string;
export declare function isNodeApiDriver(version: string): boolean;
export declare const BINDING_FILE: string;
