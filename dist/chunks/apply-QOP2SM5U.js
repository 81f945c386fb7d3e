#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-VXOWKAXH.js";import"./chunk-WGDUJOUP.js";import"./chunk-RCOM5UMJ.js";import"./chunk-XBJB2ERD.js";import"./chunk-JCSTEHMA.js";import"./chunk-4PCR5X32.js";import"./chunk-RL2SGCHF.js";import"./chunk-SSSFBOSL.js";import"./chunk-JUXHX5NK.js";import"./chunk-366NE5VP.js";import"./chunk-3B52MKPX.js";import"./chunk-UQLSHYJJ.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as APPLY_HELP,d as applyCommand,c as executeApply,b as planForApply};
