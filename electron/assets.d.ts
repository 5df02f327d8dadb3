/** PNG files bundled as data URLs (scripts/build.js: the main process's loader). */
declare module '*.png' {
  const dataUrl: string;
  export default dataUrl;
}
