#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as D}from"./chunk-OQGYFKIN.js";import{a as x,d as W,e as F}from"./chunk-KHCWWXDC.js";import{a as L}from"./chunk-JCSTEHMA.js";import{a as R,b as T,c as $,d as C,e as O,f as l,g as d,i as f,j as b,k,l as N,n as _}from"./chunk-2UKVKWSA.js";import{U as h,ha as m,m as E,u as S,v as P}from"./chunk-33EG5T6U.js";import{a as I}from"./chunk-PBDFCBPF.js";import{i as c}from"./chunk-DDNXFZGK.js";import{a as p}from"./chunk-J7F6GYH2.js";import{f as A}from"./chunk-FSKI434Q.js";import{readFile as H}from"node:fs/promises";import{resolve as j}from"node:path";import{parseArgs as Y}from"node:util";var B=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
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
  --rate-tag N     TagResource/UntagResource requests per second (default 5; AWS documents no quota)
${$}
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
`;async function M(e,t,a){let r;try{r=JSON.parse(await H(j(a.cwd,e),"utf8"))}catch(s){throw new p(`cannot read the pinned plan ${e}: ${s.message}. Write it with "handshakes plan --out ${e}".`)}if(r.digest!==t.digest)throw new p(`the plan changed since ${e} was written, so nothing was applied.
  pinned: ${r.digest} — ${r.summary?h(r.summary):"no summary"}
  now:    ${t.digest} — ${h(t.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function K(e,t){let a=f(e,t),r=await _(e,a,"Nothing applied");if(!r)return;let{state:s,readSerial:i}=await k(e,a),o=S(r,s),n=P(o);if(n.length>0){e.stderr.write(`${E(n)}
Nothing applied: fix the ${n.length} error(s) above first.
`);return}return{options:a,plan:o,state:s,readSerial:i}}async function V(e,t,a,r={}){let{plan:s,state:i,options:o}=e;a.stdout.write(`Applying ${s.changes.length} change${s.changes.length===1?"":"s"}…
`);let n=await F(s,i,{api:t,persist:N(a,o,e.readSerial),now:()=>a.now(),appliedBy:L(a.env),onResult:q=>a.stdout.write(`  ${x(q)}
`)}),{failed:w,alreadyDone:y,heldBack:u}=n,U=`${y.length>0?`, ${y.length} already done`:""}${u.length>0?`, ${u.length} held back`:""}`;return a.stdout.write(`
Apply ${n.complete?"complete":"incomplete"}: ${n.succeeded.length} succeeded${U}, ${w.length} failed. State written to ${o.stateLabel} (serial ${n.state.serial}).
`),u.length>0&&a.stdout.write(`Held back: AWS changed after the plan was made, so those changes would now need a different action. What AWS answered is recorded; run plan to see the new plan, then apply it.
`),n.timedOut.length>0&&r.deadline?a.stdout.write(W(n.results,`--timeout ${A(r.deadline.budgetMs)}`)):w.length>0&&a.stdout.write(`Every success is recorded. Fix the failures and run apply again: it resumes without sending anything twice.
`),n}function g(e,t,a){if(e===void 0)return a;let r=Number(e);if(!Number.isFinite(r)||r<=0)throw new p(`--${t} takes a number of requests per second above 0, not "${e}".`);return r}async function ce(e,t){let{values:a}=Y({args:e,options:{...R,...T,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"},"rate-tag":{type:"string"}},strict:!0});if(O(a,B,t))return l;let r=f(t,a);return D(r.statePath,b(t,r,"handshakes apply"),()=>J(a,t))}async function J(e,t){let a=await K(t,e);if(!a)return d;let{plan:r}=a;if(e.plan&&await M(e.plan,r,t),r.changes.length===0)return t.stdout.write(m(r,{color:t.stdout.isTTY===!0})),l;if(!e["auto-approve"]){if(!t.prompt)throw new p("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(t.stdout.write(m(r,{color:t.stdout.isTTY===!0})),(await t.prompt(`
Apply these ${r.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return t.stdout.write(`Apply cancelled; nothing was sent.
`),d}let s={mutate:g(e["rate-mutate"],"rate-mutate",c.mutate),list:g(e["rate-list"],"rate-list",c.list),tag:g(e["rate-tag"],"rate-tag",c.tag)},i=C(e),o=await I({endpoint:e.endpoint,env:t.env,rateLimits:s,...i});try{return(await V(a,o.client,t,i)).complete?l:d}finally{o.close()}}export{B as a,K as b,V as c,ce as d};
