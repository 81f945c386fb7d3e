#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{b as m,c as T}from"./chunk-VXOWKAXH.js";import"./chunk-WGDUJOUP.js";import{c as _}from"./chunk-YDQ3UCNJ.js";import{a as d}from"./chunk-Z3DVBSJP.js";import"./chunk-RCOM5UMJ.js";import"./chunk-XBJB2ERD.js";import"./chunk-JCSTEHMA.js";import"./chunk-4PCR5X32.js";import{a as w,e as A,f as h,g as r,i as S}from"./chunk-RL2SGCHF.js";import{ja as p}from"./chunk-SSSFBOSL.js";import"./chunk-JUXHX5NK.js";import{a as C}from"./chunk-366NE5VP.js";import"./chunk-3B52MKPX.js";import"./chunk-UQLSHYJJ.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{copyFile as R,mkdtemp as b,rm as v}from"node:fs/promises";import{tmpdir as O}from"node:os";import{join as I}from"node:path";import{parseArgs as k}from"node:util";var x=`Usage: handshakes demo [--dir handshakes] [--state FILE]

The embedded default (npm start): starts the Partner Central simulator in-process, then runs
validate → plan → apply for the declarations, against a scratch copy of the recorded state
(the state file itself is never touched), and plans again to show that nothing is left to do.
No AWS account is needed.
`;async function M(P,e){let{values:a}=k({args:P,options:w,strict:!0});if(A(a,x,e))return h;let t=n=>e.stdout.write(n),u=e.stdout.isTTY===!0,o=S(e,a),f=await b(I(O(),"channel-handshakes-demo-")),i=I(f,"state.json");await R(o.statePath,i).catch(()=>{});let l=new _;try{let n=await l.start(0);t(`channel-handshakes demo: the declarations in ${o.directoryLabel}/ against a local Partner Central simulator.
`),t(`The simulator (${n}) verifies signatures, validates every request against the official API model and
`),t(`enforces the documented rate limits, so requests are paced at 3 per second as they would be against AWS.
`),t(`State goes to a scratch copy (${i}); ${o.stateLabel} is never touched.

`);let g={dir:a.dir,"max-bytes":a["max-bytes"],scratchState:i};t(`1. validate and plan

`);let s=await m(e,g);if(!s)return r;t(p(s.plan,{color:u})),t(`
2. apply

`);let y=await C({endpoint:n,env:{AWS_ACCESS_KEY_ID:d.accessKeyId,AWS_SECRET_ACCESS_KEY:d.secretAccessKey}}),E=!1;try{s.plan.changes.length>0?E=(await T(s,y.client,e)).failed.length>0:t(`Nothing to apply.
`)}finally{y.close()}t(`
3. plan again: everything declared is now recorded

`);let c=await m(e,g);return c?(t(p(c.plan,{color:u})),t(`
The simulator now holds ${l.handshakes().length} handshake(s), all PENDING until their receivers answer.
`),t(`Next: run "node dist/cli.js simulate" and point apply at it, or read the README for the GitHub Action.
`),E||c.plan.changes.length>0?r:h):r}finally{await l.stop(),await v(f,{recursive:!0,force:!0})}}export{x as DEMO_HELP,M as demoCommand};
