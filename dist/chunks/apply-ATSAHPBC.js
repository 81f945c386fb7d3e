#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-NFJCEFIJ.js";import"./chunk-OQGYFKIN.js";import"./chunk-S5PJRERX.js";import"./chunk-ZFD6BQUA.js";import"./chunk-JCSTEHMA.js";import"./chunk-PWRLXP23.js";import"./chunk-F64L7Y7V.js";import"./chunk-XTFBGLSO.js";import"./chunk-FNBX6K2V.js";import"./chunk-PBDFCBPF.js";import"./chunk-3B52MKPX.js";import"./chunk-DDNXFZGK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as APPLY_HELP,d as applyCommand,c as executeApply,b as planForApply};
