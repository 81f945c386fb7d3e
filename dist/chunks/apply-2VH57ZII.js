#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-LYEGPJDF.js";import"./chunk-WGDUJOUP.js";import"./chunk-VRYCPZFM.js";import"./chunk-XXHDHC4J.js";import"./chunk-JCSTEHMA.js";import"./chunk-4PCR5X32.js";import"./chunk-76GKMF2J.js";import"./chunk-46SGO3IC.js";import"./chunk-5LMFMQJ3.js";import"./chunk-O3WODXZ2.js";import"./chunk-3B52MKPX.js";import"./chunk-R4F7DJFG.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as APPLY_HELP,d as applyCommand,c as executeApply,b as planForApply};
