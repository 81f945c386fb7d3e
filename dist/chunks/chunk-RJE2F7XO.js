#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as s,i as r}from"./chunk-LN72AN4I.js";function i(t,a=[]){let e=new Set([...Object.values(t.handshakes).map(n=>n.catalog),...a]);return e.size===0&&e.add("AWS"),[...e].sort()}async function d(t,a){let e=[];for(let n of a)for(let o of s)e.push(...await t.listAllChannelHandshakes({handshakeType:o,catalog:n,participantType:"SENDER"}));return e}async function l(t,a,e=[]){let n=await d(t,i(a,e));return{...r(a,n),items:n}}export{i as a,d as b,l as c};
