#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{I as i,a as r,s as o}from"./chunk-453WHGCT.js";function h(s,a=[]){let n=o(s).flatMap(([,t])=>t.handshakes.map(d=>d.spec.catalog)),e=new Set([...n,...a]);return e.size===0&&e.add("AWS"),[...e].sort()}async function c(s,a){let n=[];for(let e of a)for(let t of r)n.push(...await s.listAllChannelHandshakes({handshakeType:t,catalog:e,participantType:"SENDER"}));return n}async function f(s,a,n=[],e){let t=await c(s,h(a,n));return{...i(a,t,e),items:t}}export{h as a,c as b,f as c};
