#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-KWBEV7NJ.js";import"./chunk-OQGYFKIN.js";import"./chunk-KHCWWXDC.js";import"./chunk-PJFC5R7B.js";import"./chunk-JCSTEHMA.js";import"./chunk-YTTASVBE.js";import"./chunk-2UKVKWSA.js";import"./chunk-33EG5T6U.js";import"./chunk-DV3QK2NG.js";import"./chunk-PBDFCBPF.js";import"./chunk-3B52MKPX.js";import"./chunk-DDNXFZGK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as APPLY_HELP,d as applyCommand,c as executeApply,b as planForApply};
