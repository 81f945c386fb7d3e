#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as L}from"./chunk-NZDD47X6.js";import{c as D}from"./chunk-UWY7LJRW.js";import{a as p,b as f,c as u,d as m,e as w,f as o,h as g,i as E,j as S,k as y,l as R,m as I}from"./chunk-LZ2KGUZR.js";import{c}from"./chunk-XVLKXUXD.js";import{H as h,J as l}from"./chunk-453WHGCT.js";import{a as b}from"./chunk-CEA6RKRX.js";import"./chunk-3B52MKPX.js";import{c as r}from"./chunk-W4WLSUIK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as $}from"node:util";var A=`Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]

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
${u}
  -h, --help           Show this help
`;async function M(O,t){let{values:s}=$({args:O,options:{...p,...f,"detailed-exitcode":{type:"boolean"}},strict:!0});if(w(s,A,t))return o;let e=E(t,s);return L(e.statePath,S(t,e,"handshakes refresh"),async()=>{let{state:k,readSerial:x}=await y(t,e),T=(await I(t,e).catch(()=>{}))?.declarations.map(a=>a.spec.catalog)??[],N=m(s),n=await b({endpoint:s.endpoint,env:t.env,...N});try{let a=await D(n.client,k,T,t.now()).catch(i=>{throw i instanceof r?new r(`refresh did not finish within --timeout ${s.timeout}: ${i.message} Nothing was written: ${e.stateLabel} is unchanged.`,!1):i}),d=l(a.report);return t.stdout.write(d.length>0?`Drift:
${d.map(i=>`  ${c(i)}`).join(`
`)}
`:`No drift: AWS matches the recorded state.
`),a.changed?(await R(t,e,x)(a.state),t.stdout.write(`State updated: ${e.stateLabel} (serial ${a.state.serial}).
`)):t.stdout.write(`State unchanged: ${e.stateLabel}.
`),s["detailed-exitcode"]&&h(a.report)?g:o}finally{n.close()}})}export{A as REFRESH_HELP,M as refreshCommand};
