#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as $}from"./chunk-NZDD47X6.js";import{e as O}from"./chunk-56WE2R3U.js";import"./chunk-FKDMRZQM.js";import"./chunk-AX5LHRBZ.js";import{a as u,b as w,c as m,d as g,e as E,f as r,h as y,i as S,j as R,k as b,l as I,m as D}from"./chunk-KBIMZFGO.js";import{d as o}from"./chunk-BVTZEGRI.js";import{W as l,Z as p,_ as f}from"./chunk-2GUZBN6T.js";import{a as L}from"./chunk-ZYQQ6TZA.js";import"./chunk-3B52MKPX.js";import{c as n}from"./chunk-W4WLSUIK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as P}from"node:util";var C=`Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]

Reads every handshake this account sent (each recorded catalog, all three types, every page)
and brings the recorded statuses up to date. Reports status changes, recorded handshakes AWS no
longer returns, and unmanaged handshakes that exist in AWS but in no declaration. The state is
written, with its serial bumped, only when a status changed.

Options:
  --dir DIR            Directory of declarations (default: handshakes)
  --state FILE         Recorded state (default: DIR/state.json)
  --max-bytes N        Read at most N bytes of declaration files in all (default: 64 MB)
  --endpoint URL       API endpoint (default: the AWS SDK convention)
  --detailed-exitcode  Exit 2 when there is drift
${m}
  -h, --help           Show this help
`;async function q(k,e){let{values:i}=P({args:k,options:{...u,...w,"detailed-exitcode":{type:"boolean"}},strict:!0});if(E(i,C,e))return r;let t=S(e,i);return $(t.statePath,R(e,t,"handshakes refresh"),async()=>{let{state:x,readSerial:T}=await b(e,t),N=(await D(e,t).catch(()=>{}))?.declarations.map(a=>a.spec.catalog)??[],A=g(i),d=await L({endpoint:i.endpoint,env:e.env,...A});try{let a=await O(d.client,x,N,e.now()).catch(s=>{throw s instanceof n?new n(`refresh did not finish within --timeout ${i.timeout}: ${s.message} Nothing was written: ${t.stateLabel} is unchanged.`,!1):s}),h=f(a.report);e.stdout.write(h.length>0?`Drift:
${h.map(s=>`  ${o(s)}`).join(`
`)}
`:`No drift: AWS matches the recorded state.
`);let c=p(a.report);return c.length>0&&e.stdout.write(`Managed elsewhere (not drift: another repository's owner tag):
${c.map(s=>`  ${o(s)}`).join(`
`)}
`),a.changed?(await I(e,t,T)(a.state),e.stdout.write(`State updated: ${t.stateLabel} (serial ${a.state.serial}).
`)):e.stdout.write(`State unchanged: ${t.stateLabel}.
`),i["detailed-exitcode"]&&l(a.report)?y:r}finally{d.close()}})}export{C as REFRESH_HELP,q as refreshCommand};
