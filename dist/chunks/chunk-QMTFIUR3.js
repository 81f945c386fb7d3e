#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as W}from"./chunk-BRFWDA5N.js";import{a as D,b as F,e as U,f as q}from"./chunk-6JBPEYDZ.js";import{a as x}from"./chunk-JCSTEHMA.js";import{a as T,b as R,c as $,d as b,e as C,f as u,g as h,i as y,j as k,k as N,l as _,n as I}from"./chunk-IOJAQCDV.js";import{Q as w,fa as g,l as A,s as S,t as O}from"./chunk-B4FGHHKX.js";import{a as L}from"./chunk-ZYQQ6TZA.js";import{i as m}from"./chunk-W4WLSUIK.js";import{a as c}from"./chunk-J7F6GYH2.js";import{f as P}from"./chunk-FSKI434Q.js";import{readFile as j}from"node:fs/promises";import{resolve as M}from"node:path";import{parseArgs as B}from"node:util";var K=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
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
`;async function V(e,t,a){let n;try{n=JSON.parse(await j(M(a.cwd,e),"utf8"))}catch(s){throw new c(`cannot read the pinned plan ${e}: ${s.message}. Write it with "handshakes plan --out ${e}".`)}if(n.digest!==t.digest)throw new c(`the plan changed since ${e} was written, so nothing was applied.
  pinned: ${n.digest} — ${n.summary?w(n.summary):"no summary"}
  now:    ${t.digest} — ${w(t.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function J(e,t){let a=y(e,t),n=await I(e,a,"Nothing applied");if(!n)return;let{state:s,readSerial:p}=await N(e,a),o=S(n,s),r=O(o);if(r.length>0){e.stderr.write(`${A(r)}
Nothing applied: fix the ${r.length} error(s) above first.
`);return}return{options:a,plan:o,state:s,readSerial:p}}async function X(e,t,a,n={}){let{plan:s,state:p,options:o}=e;a.stdout.write(`Applying ${s.changes.length} change${s.changes.length===1?"":"s"}…
`);let r=await D(s,p,{api:t,persist:_(a,o,e.readSerial),now:()=>a.now(),appliedBy:x(a.env),onResult:l=>a.stdout.write(`  ${F(l)}
`)}),i=r.results.filter(l=>l.outcome==="failed"),f=r.results.filter(l=>l.outcome==="moot"),d=r.results.filter(l=>l.outcome==="escalated"),H=r.results.length-i.length-f.length-d.length,Y=`${f.length>0?`, ${f.length} already done`:""}${d.length>0?`, ${d.length} held back`:""}`;return a.stdout.write(`
Apply ${i.length===0&&d.length===0?"complete":"incomplete"}: ${H} succeeded${Y}, ${i.length} failed. State written to ${o.stateLabel} (serial ${r.state.serial}).
`),d.length>0&&a.stdout.write(`The plan went stale: AWS changed after it was made, so the held-back changes would now need a different action. What AWS answered is recorded; run plan to see the new plan, then apply it.
`),U(r.results).length>0&&n.deadline?a.stdout.write(q(r.results,`--timeout ${P(n.deadline.budgetMs)}`)):i.length>0&&a.stdout.write(`Every success is recorded. Fix the failures and run apply again: it resumes without sending anything twice.
`),r}function E(e,t,a){if(e===void 0)return a;let n=Number(e);if(!Number.isFinite(n)||n<=0)throw new c(`--${t} takes a number of requests per second above 0, not "${e}".`);return n}async function me(e,t){let{values:a}=B({args:e,options:{...T,...R,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"}},strict:!0});if(C(a,K,t))return u;let n=y(t,a);return W(n.statePath,k(t,n,"handshakes apply"),()=>v(a,t))}async function v(e,t){let a=await J(t,e);if(!a)return h;let{plan:n}=a;if(e.plan&&await V(e.plan,n,t),n.changes.length===0)return t.stdout.write(g(n,{color:t.stdout.isTTY===!0})),u;if(!e["auto-approve"]){if(!t.prompt)throw new c("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(t.stdout.write(g(n,{color:t.stdout.isTTY===!0})),(await t.prompt(`
Apply these ${n.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return t.stdout.write(`Apply cancelled; nothing was sent.
`),h}let s={mutate:E(e["rate-mutate"],"rate-mutate",m.mutate),list:E(e["rate-list"],"rate-list",m.list),tag:E(e["rate-list"],"rate-list",m.tag)},p=b(e),o=await L({endpoint:e.endpoint,env:t.env,rateLimits:s,...p});try{return(await X(a,o.client,t,p)).results.every(i=>i.outcome==="succeeded"||i.outcome==="moot")?u:h}finally{o.close()}}export{K as a,J as b,X as c,me as d};
