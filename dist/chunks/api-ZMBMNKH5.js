#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{d as a}from"./chunk-O5PWDBPA.js";import"./chunk-C5KZFMDU.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";export{a as createApiClient};
