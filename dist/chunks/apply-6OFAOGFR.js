#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-DYI4L2CH.js";import"./chunk-NZDD47X6.js";import"./chunk-F7MUZYD7.js";import"./chunk-F5PDBFWF.js";import"./chunk-JCSTEHMA.js";import"./chunk-4ZIKJDZH.js";import"./chunk-EL53RHRG.js";import"./chunk-AXVYV6HB.js";import"./chunk-D6CBDVQL.js";import"./chunk-CEA6RKRX.js";import"./chunk-3B52MKPX.js";import"./chunk-W4WLSUIK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as APPLY_HELP,d as applyCommand,c as executeApply,b as planForApply};
