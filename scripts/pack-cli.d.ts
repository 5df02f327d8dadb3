/** Types for pack-cli.js (a plain script: `npm run pack:cli`). */
export declare function cliManifest(project: Record<string, unknown> & { dependencies: Record<string, string> }): Record<string, unknown>;
