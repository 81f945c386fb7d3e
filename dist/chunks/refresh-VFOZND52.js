#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunk-C6MGXB2W.js";import"./chunk-ZFD6BQUA.js";import"./chunk-PWRLXP23.js";import"./chunk-FNBX6K2V.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{a as refreshState};
