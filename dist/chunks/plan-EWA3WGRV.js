#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as x,b as I,c as O,d as R,e as F,f as m,g as u,h as b,i as L,k as S,n as T,o as k,p as w}from"./chunk-A3JMIVO2.js";import{N as h,a as y,t as E,w as f,x as P}from"./chunk-PZPM6YTX.js";import"./chunk-H22PMGKS.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-7FOV43YR.js";import{open as C}from"node:fs/promises";import{resolve as _}from"node:path";import{parseArgs as D}from"node:util";import{setFlagsFromString as A}from"node:v8";function N(){A("--semi-space-growth-factor=1")}var q=`Usage: handshakes plan [--dir handshakes] [--state FILE] [--format text|markdown|json]
                       [--out FILE] [--detailed-exitcode] [--refresh [--endpoint URL]]

Validates the declarations, then compares them with the recorded state and prints the
changes apply would make. Never writes state. Offline unless --refresh.

Options:
  --dir DIR            Directory of declarations (default: handshakes)
  --state FILE         Recorded state (default: DIR/state.json)
  --max-bytes N        Read at most N bytes of declaration files in all (default: 64 MB)
  --format FORMAT      text (default), markdown or json
  --out FILE           Also write the plan to FILE (JSON when FILE ends in .json, else --format)
  --detailed-exitcode  Exit 2 when there are changes
  --refresh            First read live statuses from Partner Central (in memory only), show what
                       changed outside this repository, and warn before a documented quota breaks
  --endpoint URL       API endpoint for --refresh (default: the AWS SDK convention)
${O}
  -h, --help           Show this help

Exit code: 0 for no changes, 1 for an error (including a plan that would touch a protected handshake); with
--detailed-exitcode, 2 when there are changes, state-only ones (rename, forget) included.
`;async function H(a,e,t,o){let[{createApiClient:r},{refreshState:n}]=await Promise.all([import("./api-5QAPBK7Y.js"),import("./refresh-KXF6RRQQ.js")]),d=await r({endpoint:t.endpoint,env:o.env,...R(t)});try{let i=a.declarations.map(s=>s.spec.catalog),l=await n(d.client,e,i,o.now()),c=f(a,l.state);return{...c,drift:l.report,diagnostics:[...c.diagnostics.filter(s=>!s.code.startsWith("quota.")),...E(c,l.items,o.now())]}}finally{d.close()}}function*j(a,e=64*1024){let t="";for(let o of a)t+=o,t.length>=e&&(yield t,t="");t!==""&&(yield t)}async function G(a,e,t,o,r){if(t==="json")for(let n of j(h(e)))await a.write(r(n));else await a.write(r(w(e,t,o,!1)))}async function z(a,e){let{values:t}=D({args:a,options:{...x,...I,format:{type:"string"},out:{type:"string"},"detailed-exitcode":{type:"boolean"},refresh:{type:"boolean"}},strict:!0});if(F(t,q,e))return m;N();let o=k(t.format,["text","markdown","json"],"text"),r=L(e,t),n=await T(e,r,"No plan");if(!n)return u;let{state:d}=await S(e,r),i=t.refresh?await H(n,d,t,e):f(n,d),l=e.stdout.isTTY===!0,c=t.out?t.out.endsWith(".json")?"json":o:void 0,s=y(e.env),p=t.out?await C(_(e.cwd,t.out),"w"):void 0;try{if(o==="json")for(let g of j(h(i)))e.stdout.write(g),p&&await p.write(s(g));else e.stdout.write(w(i,o,r.directoryLabel,l)),p&&await G(p,i,c??o,r.directoryLabel,s)}finally{await p?.close()}return P(i).length>0?u:t["detailed-exitcode"]&&i.changes.length>0?(e.stderr.write(`Exit code 2 (--detailed-exitcode): the plan has changes, not an error. Apply them with "handshakes apply".
`),b):m}export{q as PLAN_HELP,z as planCommand};
