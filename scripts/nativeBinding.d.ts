/** Types for nativeBinding.js (plain JavaScript, shared by the scripts and electron/main.ts). */
import type { PlatformPath } from 'node:path';

export interface BindingKey {
  readonly electronVersion: string;
  readonly sqliteVersion: string;
  readonly platform: string;
  readonly arch: string;
}
export declare function nativeBindingDir(root: string, key: BindingKey, path?: PlatformPath): string;
export declare function electronArch(input: { platform: string; nodeArch: string; env: Record<string, string | undefined>; translatedByRosetta: boolean }): string;
export declare function nodeCommand(execPath: string, script: string, args: readonly string[]): { command: string; args: string[]; options: { shell: false } };
export declare const BINDING_FILE: string;
