#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-NNRAJOQK.js";import"./chunk-F5PDBFWF.js";import"./chunk-4ZIKJDZH.js";import"./chunk-D6CBDVQL.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{c as OWNER_TAG_LOOKUPS_PER_REFRESH,a as catalogsOf,b as fetchSentHandshakes,e as refreshState,d as withOwnerTags};
