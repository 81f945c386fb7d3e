// The package's version, written in at build time (scripts/build.mjs, and vitest.config.ts for the tests), so the
// bundled CLI never reads package.json at run time and cannot disagree with the package it ships in.
declare const __PACKAGE_VERSION__: string;

export const PACKAGE_VERSION: string = __PACKAGE_VERSION__;
