#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-QMTFIUR3.js";import"./chunk-BRFWDA5N.js";import"./chunk-6JBPEYDZ.js";import"./chunk-FKDMRZQM.js";import"./chunk-JCSTEHMA.js";import"./chunk-AX5LHRBZ.js";import"./chunk-IOJAQCDV.js";import"./chunk-B4FGHHKX.js";import"./chunk-2GUZBN6T.js";import"./chunk-ZYQQ6TZA.js";import"./chunk-3B52MKPX.js";import"./chunk-W4WLSUIK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as APPLY_HELP,d as applyCommand,c as executeApply,b as planForApply};
