/** Types for sqlite-driver.js (a plain script, run by npm's prepare step and .ci/run). */
export declare const NODE20_DRIVER: string;
export declare function driverFor(napi: string | number | undefined, installed: string): string | null;
