#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as F,b as M,c as H,d as J}from"./chunk-OWMOJKHC.js";import{a as q,d as V,e as Y,f as B}from"./chunk-CUFAEX7S.js";import{a as D}from"./chunk-JCSTEHMA.js";import{a as W,b as U}from"./chunk-4PCR5X32.js";import{a as N,b as T,c as C,d as b,e as L,f as c,g as m,i as y,j as _,k as $,l as k,n as I,o as x}from"./chunk-A3JMIVO2.js";import{Y as P,_ as h,d as A,n as E,oa as w,w as S,x as O}from"./chunk-PZPM6YTX.js";import{a as j}from"./chunk-O3WODXZ2.js";import{a as u}from"./chunk-PZUKGBQ6.js";import{a as d}from"./chunk-J7F6GYH2.js";import{f as R}from"./chunk-FSKI434Q.js";import{readFile as G}from"node:fs/promises";import{resolve as Q}from"node:path";import{parseArgs as Z}from"node:util";var tt=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
                        [--auto-approve] [--format text|json]

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
  --format FORMAT  text (default) or json: one document on standard output
                   (schemas/command-result.schema.json), progress on standard error; needs --auto-approve
  --rate-mutate N  Create/Cancel requests per second (default 3, the documented per-account quota)
  --rate-list N    ListChannelHandshakes requests per second (default 5, the documented quota)
  --rate-tag N     TagResource/UntagResource requests per second (default 5; AWS documents no quota)
${C}
  -h, --help       Show this help

One writer at a time: apply holds FILE.lock next to the state file while it runs (a second
apply, refresh or import waits for it), and stops before a write if another process changed
the state file meanwhile.

Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the standard
AWS chain (profiles, SSO, web identity, container and instance metadata).
Before sending, apply lists the handshakes it is about to touch: a change AWS already made moot
is skipped ("already …"), and one that would now need a different action (a cancel of a handshake
the receiver just accepted) is held back until a new plan is reviewed.
Exit code: 0 when every change succeeded or was already done, 1 otherwise.
`;async function et(t,e,a){let r;try{r=JSON.parse(await G(Q(a.cwd,t),"utf8"))}catch(n){throw new d(`cannot read the pinned plan ${t}: ${n.message}. Write it with "handshakes plan --out ${t}".`)}if(r.digest!==e.digest)throw new d(`the plan changed since ${t} was written, so nothing was applied.
  pinned: ${r.digest} — ${r.summary?h(r.summary):"no summary"}
  now:    ${e.digest} — ${h(e.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function at(t,e){let a=y(t,e),r=await I(t,a,"Nothing applied");if(!r)return;let{state:n,readSerial:o}=await $(t,a),p=S(r,n),s=O(p);if(s.length>0){t.stderr.write(`${E(s)}
Nothing applied: fix the ${s.length} error(s) above first.
`);return}return{options:a,plan:p,state:n,readSerial:o}}async function rt(t,e,a,r={},n="text"){let{plan:o,state:p,options:s}=t,l=n==="json"?a.stderr:a.stdout;l.write(`Applying ${o.changes.length} change${o.changes.length===1?"":"s"}…
`);let i=await B(o,p,{api:e,persist:k(a,s,t.readSerial),now:()=>a.now(),appliedBy:D(a.env),onResult:f=>l.write(`  ${q(f)}
`)}),{failed:v,heldBack:X}=i,z=i.state.serial===p.serial?`Nothing recorded: ${s.stateLabel} unchanged.`:`State written to ${s.stateLabel} (serial ${i.state.serial}).`;l.write(`
${W(i,{icon:!1})}. ${z}
`);for(let f of o.waits??[])l.write(`Waiting: ${A(P(f))}.
`);return i.timedOut.length>0&&r.deadline?l.write(V(i.results,`--timeout ${R(r.deadline.budgetMs)}`)):(v.length>0||X.length>0)&&l.write(`${U(i,"cli")}
`),n==="json"&&a.stdout.write(K(t,i)),i}function K(t,e){let a=e.state.serial!==t.state.serial;return J({formatVersion:M,command:"apply",directory:t.options.directoryLabel,state:{file:t.options.stateLabel,written:a,serial:a?e.state.serial:t.readSerial??null},result:H(e)})}function g(t,e,a){if(t===void 0)return a;let r=Number(t);if(!Number.isFinite(r)||r<=0)throw new d(`--${e} takes a number of requests per second above 0, not "${t}".`);return r}async function Tt(t,e){let{values:a}=Z({args:t,options:{...N,...T,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"},"rate-tag":{type:"string"},format:{type:"string"}},strict:!0});if(L(a,tt,e))return c;if(x(a.format,["text","json"],"text")==="json"&&!a["auto-approve"])throw new d("--format json is for scripts, which cannot answer the confirmation: pass --auto-approve too (ideally with --plan to pin what was reviewed).");let n=y(e,a);return F(n.statePath,_(e,n,"handshakes apply"),()=>nt(a,e))}async function nt(t,e){let a=await at(e,t);if(!a)return m;let{plan:r}=a;if(t.plan&&await et(t.plan,r,e),r.changes.length===0)return e.stdout.write(t.format==="json"?K(a,Y(a.state,[])):w(r,{color:e.stdout.isTTY===!0})),c;if(!t["auto-approve"]){if(!e.prompt)throw new d("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(e.stdout.write(w(r,{color:e.stdout.isTTY===!0})),(await e.prompt(`
Apply these ${r.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return e.stdout.write(`Apply cancelled; nothing was sent.
`),m}let n={mutate:g(t["rate-mutate"],"rate-mutate",u.mutate),list:g(t["rate-list"],"rate-list",u.list),tag:g(t["rate-tag"],"rate-tag",u.tag)},o=b(t),p=await j({endpoint:t.endpoint,env:e.env,rateLimits:n,...o});try{return(await rt(a,p.client,e,o,t.format==="json"?"json":"text")).complete?c:m}finally{p.close()}}export{tt as a,at as b,rt as c,Tt as d};
