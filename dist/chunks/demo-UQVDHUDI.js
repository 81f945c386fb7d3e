#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{b as m,c as T}from"./chunk-QMTFIUR3.js";import"./chunk-BRFWDA5N.js";import{c as _}from"./chunk-IUJ3YHMG.js";import{a as d}from"./chunk-Z3DVBSJP.js";import"./chunk-6JBPEYDZ.js";import"./chunk-FKDMRZQM.js";import"./chunk-JCSTEHMA.js";import"./chunk-AX5LHRBZ.js";import{a as w,e as A,f as h,g as o,i as S}from"./chunk-IOJAQCDV.js";import{fa as p}from"./chunk-B4FGHHKX.js";import"./chunk-2GUZBN6T.js";import{a as C}from"./chunk-ZYQQ6TZA.js";import"./chunk-3B52MKPX.js";import"./chunk-W4WLSUIK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{copyFile as b,mkdtemp as v,rm as O}from"node:fs/promises";import{tmpdir as k}from"node:os";import{join as I}from"node:path";import{parseArgs as x}from"node:util";var D=`Usage: handshakes demo [--dir handshakes] [--state FILE]

The embedded default (npm start): starts the Partner Central simulator in-process, then runs
validate → plan → apply for the declarations, against a scratch copy of the recorded state
(the state file itself is never touched), and plans again to show that nothing is left to do.
No AWS account is needed.
`;async function G(P,e){let{values:a}=x({args:P,options:w,strict:!0});if(A(a,D,e))return h;let t=n=>e.stdout.write(n),u=e.stdout.isTTY===!0,r=S(e,a),f=await v(I(k(),"channel-handshakes-demo-")),i=I(f,"state.json");await b(r.statePath,i).catch(()=>{});let l=new _;try{let n=await l.start(0);t(`channel-handshakes demo: the declarations in ${r.directoryLabel}/ against a local Partner Central simulator.
`),t(`The simulator (${n}) verifies signatures, validates every request against the official API model and
`),t(`enforces the documented rate limits, so requests are paced at 3 per second as they would be against AWS.
`),t(`State goes to a scratch copy (${i}); ${r.stateLabel} is never touched.

`);let y={dir:a.dir,"max-bytes":a["max-bytes"],scratchState:i};t(`1. validate and plan

`);let s=await m(e,y);if(!s)return o;t(p(s.plan,{color:u})),t(`
2. apply

`);let g=await C({endpoint:n,env:{AWS_ACCESS_KEY_ID:d.accessKeyId,AWS_SECRET_ACCESS_KEY:d.secretAccessKey}}),E=!1;try{s.plan.changes.length>0?E=(await T(s,g.client,e)).results.some(R=>R.outcome==="failed"):t(`Nothing to apply.
`)}finally{g.close()}t(`
3. plan again: everything declared is now recorded

`);let c=await m(e,y);return c?(t(p(c.plan,{color:u})),t(`
The simulator now holds ${l.handshakes().length} handshake(s), all PENDING until their receivers answer.
`),t(`Next: run "node dist/cli.js simulate" and point apply at it, or read the README for the GitHub Action.
`),E||c.plan.changes.length>0?o:h):o}finally{await l.stop(),await O(f,{recursive:!0,force:!0})}}export{D as DEMO_HELP,G as demoCommand};
