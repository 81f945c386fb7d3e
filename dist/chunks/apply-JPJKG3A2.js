#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-ADCKVMHO.js";import"./chunk-WGDUJOUP.js";import"./chunk-ZUKJ3ORP.js";import"./chunk-D4QIDGKJ.js";import"./chunk-JCSTEHMA.js";import"./chunk-4PCR5X32.js";import"./chunk-PC6D26R7.js";import"./chunk-34WFL7YL.js";import"./chunk-SFFEYGRG.js";import"./chunk-366NE5VP.js";import"./chunk-3B52MKPX.js";import"./chunk-UQLSHYJJ.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as APPLY_HELP,d as applyCommand,c as executeApply,b as planForApply};
