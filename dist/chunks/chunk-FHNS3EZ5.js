#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as k}from"./chunk-NZDD47X6.js";import{a as I,c as L,f as D,g as x}from"./chunk-RIUAJ4VM.js";import{a as $}from"./chunk-JCSTEHMA.js";import{a as A,b as P,c as O,d as S,e as R,f as d,g as c,i as y,j as T,k as C,l as N,n as _}from"./chunk-F6APBW6U.js";import{O as h,ea as f,r as E}from"./chunk-AK6H6H5Y.js";import{a as b}from"./chunk-CEA6RKRX.js";import{i as u}from"./chunk-W4WLSUIK.js";import{a as l}from"./chunk-J7F6GYH2.js";import{f as g}from"./chunk-FSKI434Q.js";import{readFile as U}from"node:fs/promises";import{resolve as W}from"node:path";import{parseArgs as q}from"node:util";var H=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
                        [--auto-approve]

Plans, then sends the changes to Partner Central: creates, cancels, revokes and retags, with
deterministic clientTokens so that a retry, crash or re-run never sends a handshake twice.
Each success is written to the state file at once; failures are reported per change and the
rest continue.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --state FILE     Recorded state (default: DIR/state.json)
  --max-bytes N    Read at most N bytes of declaration files in all (default: 64 MB)
  --endpoint URL   API endpoint (default: AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL, AWS_ENDPOINT_URL,
                   or https://partnercentral-channel.global.api.aws)
  --plan FILE      A JSON plan from "plan --out"; refuse to apply if a fresh plan differs
  --auto-approve   Do not ask for confirmation (needed when standard input is not a terminal)
  --rate-mutate N  Create/Cancel requests per second (default 3, the documented per-account quota)
  --rate-list N    ListChannelHandshakes requests per second (default 5, the documented quota)
${O}
  -h, --help       Show this help

One writer at a time: apply holds FILE.lock next to the state file while it runs (a second
apply, refresh or import waits for it), and stops before a write if another process changed
the state file meanwhile.

Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the standard
AWS chain (profiles, SSO, web identity, container and instance metadata).
Exit code: 0 when every change succeeded, 1 otherwise.
`;async function Y(t,e,a){let n;try{n=JSON.parse(await U(W(a.cwd,t),"utf8"))}catch(r){throw new l(`cannot read the pinned plan ${t}: ${r.message}. Write it with "handshakes plan --out ${t}".`)}if(n.digest!==e.digest)throw new l(`the plan changed since ${t} was written, so nothing was applied.
  pinned: ${n.digest} — ${n.summary?h(n.summary):"no summary"}
  now:    ${e.digest} — ${h(e.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function M(t,e){let a=y(t,e),n=await _(t,a,"Nothing applied");if(!n)return;let{state:r,readSerial:i}=await C(t,a);return{options:a,plan:E(n,r),state:r,readSerial:i}}async function j(t,e,a,n={}){let{plan:r,state:i,options:p}=t;a.stdout.write(`Applying ${r.changes.length} change${r.changes.length===1?"":"s"}…
`);let s=await I(r,i,{api:e,persist:N(a,p,t.readSerial),now:()=>a.now(),appliedBy:$(a.env),onResult:m=>a.stdout.write(`  ${L(m)}
`)}),o=s.results.filter(m=>m.outcome==="failed"),F=s.results.length-o.length;return a.stdout.write(`
Apply ${o.length===0?"complete":"incomplete"}: ${F} succeeded, ${o.length} failed. State written to ${p.stateLabel} (serial ${s.state.serial}).
`),D(s.results).length>0&&n.deadline?a.stdout.write(x(s.results,`--timeout ${g(n.deadline.budgetMs)}`)):o.length>0&&a.stdout.write(`Every success is recorded. Fix the failures and run apply again: it resumes without sending anything twice.
`),s}function w(t,e,a){if(t===void 0)return a;let n=Number(t);if(!Number.isFinite(n)||n<=0)throw new l(`--${e} takes a number of requests per second above 0, not "${t}".`);return n}async function pt(t,e){let{values:a}=q({args:t,options:{...A,...P,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"}},strict:!0});if(R(a,H,e))return d;let n=y(e,a);return k(n.statePath,T(e,n,"handshakes apply"),()=>K(a,e))}async function K(t,e){let a=await M(e,t);if(!a)return c;let{plan:n}=a;if(t.plan&&await Y(t.plan,n,e),n.changes.length===0)return e.stdout.write(f(n,{color:e.stdout.isTTY===!0})),d;if(!t["auto-approve"]){if(!e.prompt)throw new l("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(e.stdout.write(f(n,{color:e.stdout.isTTY===!0})),(await e.prompt(`
Apply these ${n.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return e.stdout.write(`Apply cancelled; nothing was sent.
`),c}let r={mutate:w(t["rate-mutate"],"rate-mutate",u.mutate),list:w(t["rate-list"],"rate-list",u.list),tag:w(t["rate-list"],"rate-list",u.tag)},i=S(t),p=await b({endpoint:t.endpoint,env:e.env,rateLimits:r,...i});try{return(await j(a,p.client,e,i)).results.every(o=>o.outcome==="succeeded")?d:c}finally{p.close()}}export{H as a,M as b,j as c,pt as d};
