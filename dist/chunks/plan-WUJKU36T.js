#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as A,b as N}from"./chunk-PLU7EPT5.js";import"./chunk-XBJB2ERD.js";import{a as j}from"./chunk-JCSTEHMA.js";import{a as P,b as x,c as O,d as F,e as R,f as h,g as m,h as S,i as b,k as L,n as T,o as k,p as u}from"./chunk-RL2SGCHF.js";import{I as f,o as y,r as E,s as I}from"./chunk-SSSFBOSL.js";import{a as g}from"./chunk-JUXHX5NK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-7FOV43YR.js";import{open as q}from"node:fs/promises";import{resolve as H}from"node:path";import{parseArgs as G}from"node:util";import{setFlagsFromString as D}from"node:v8";function C(){D("--semi-space-growth-factor=1")}var U=`Usage: handshakes plan [--dir handshakes] [--state FILE] [--format text|markdown|json]
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
`;async function W(a,e,t,o){let[{createApiClient:r},{refreshState:n}]=await Promise.all([import("./api-ASAAUPXL.js"),import("./refresh-TN4NBZ7T.js")]),l=await r({endpoint:t.endpoint,env:o.env,...F(t)});try{let s=a.declarations.map(i=>i.spec.catalog),d=await n(l.client,e,s,o.now()),{plan:c,adopted:p}=A(a,d.state,d.items,{appliedAt:o.now().toISOString(),appliedBy:j(o.env)});return{...c,drift:N(d.report,p),diagnostics:[...c.diagnostics.filter(i=>!i.code.startsWith("quota.")),...y(c,d.items,o.now())]}}finally{l.close()}}function*_(a,e=64*1024){let t="";for(let o of a)t+=o,t.length>=e&&(yield t,t="");t!==""&&(yield t)}async function Y(a,e,t,o,r){if(t==="json")for(let n of _(f(e)))await a.write(r(n));else await a.write(r(u(e,t,o,!1)))}async function ot(a,e){let{values:t}=G({args:a,options:{...P,...x,format:{type:"string"},out:{type:"string"},"detailed-exitcode":{type:"boolean"},refresh:{type:"boolean"}},strict:!0});if(R(t,U,e))return h;C();let o=k(t.format,["text","markdown","json"],"text"),r=b(e,t),n=await T(e,r,"No plan");if(!n)return m;let{state:l}=await L(e,r),s=t.refresh?await W(n,l,t,e):E(n,l),d=e.stdout.isTTY===!0,c=t.out?t.out.endsWith(".json")?"json":o:void 0,p=g(e.env),i=t.out?await q(H(e.cwd,t.out),"w"):void 0;try{if(o==="json")for(let w of _(f(s)))e.stdout.write(w),i&&await i.write(p(w));else e.stdout.write(u(s,o,r.directoryLabel,d)),i&&await Y(i,s,c??o,r.directoryLabel,p)}finally{await i?.close()}return I(s).length>0?m:t["detailed-exitcode"]&&s.changes.length>0?(e.stderr.write(`Exit code 2 (--detailed-exitcode): the plan has changes, not an error. Apply them with "handshakes apply".
`),S):h}export{U as PLAN_HELP,ot as planCommand};
