#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as p,b as m,c as y}from"./chunk-YDQ3UCNJ.js";import{a}from"./chunk-Z3DVBSJP.js";import{e as u,f as l}from"./chunk-RL2SGCHF.js";import"./chunk-SSSFBOSL.js";import"./chunk-JUXHX5NK.js";import"./chunk-3B52MKPX.js";import"./chunk-PZUKGBQ6.js";import{a as d}from"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as E}from"node:util";var g=`Usage: handshakes simulate [--port 4510] [--host 127.0.0.1] [fault options]

Runs a local Partner Central Channel endpoint that behaves like the real service for
channel handshakes: SigV4 signatures are verified, inputs are validated against the
official model, handshakes go through their lifecycle, creates are idempotent by
clientToken, and the documented rate and handshake quotas apply.

Options:
  --port N                      Port to listen on (default 4510; 0 picks a free one)
  --host HOST                   Address to bind (default 127.0.0.1)
  --rate-mutate N               Mutations per second, per documented row (handshakes, PMAs,
                                relationships; default 3; 0: unlimited)
  --rate-list N                 Lists (and GetRelationship) per second, per row (default 5; 0: unlimited)
  --no-quotas                   Turn off the daily, active-handshake, PMA and relationship quotas
  --throttle-every N            Answer every Nth request with ThrottlingException
  --fail-every N                Answer every Nth request with InternalServerException
  --latency MS                  Add latency to every request
  --drop-after-commit-every N   Commit every Nth create or delete, then drop the connection unanswered
  --hang-every N                Never answer every Nth request (1: a hung endpoint)
  --repeat-next-token           Listings always hand back the same nextToken (paging never ends)
  --clock-skew SECONDS          Run the simulator's clock this far ahead (behind: --clock-skew=-600); a
                                request whose X-Amz-Date is more than 5 minutes off is refused (403)
  -h, --help                    Show this help

Demo credentials (accepted by the simulator only):
  AWS_ACCESS_KEY_ID=${a.accessKeyId}
  AWS_SECRET_ACCESS_KEY=${a.secretAccessKey}

The receiving side: POST /_simulator/handshakes/{id}/accept|reject|expire, GET /_simulator/handshakes.
Program management accounts: POST /_simulator/program-management-accounts/{id}/activate|deactivate.
Where AWS is silent: GET /_simulator/choices, POST /_simulator/choices {"<choice>": false} (docs/lifecycle.md).
`;function s(t,r,e){if(t===void 0)return e;let n=Number(t);if(!Number.isInteger(n)||n<0)throw new d(`--${r} takes a whole number, not "${t}".`);return n}function S(t,r){if(t===void 0)return 0;let e=Number(t);if(!Number.isFinite(e)||t.trim()==="")throw new d(`--${r} takes a number of seconds (negative for behind), not "${t}".`);return e}var f={EADDRINUSE:"the port is already in use. Stop what listens there, or pick another port with --port N (--port 0 picks a free one).",EACCES:"this user may not listen on that port. Pick a port above 1023 with --port N.",EADDRNOTAVAIL:"that address is not one of this machine's. Bind to 127.0.0.1 (the default) or an address the machine has, with --host."};function k(t,r,e){let n=t instanceof Error&&"code"in t?String(t.code):void 0,o=n!==void 0&&Object.hasOwn(f,n)?f[n]:void 0,i=r.includes(":")?`[${r}]:${e}`:`${r}:${e}`;return o?new d(`cannot listen on ${i}: ${o}`):void 0}async function _(t,r){let{values:e}=E({args:t,options:{port:{type:"string"},host:{type:"string"},"rate-mutate":{type:"string"},"rate-list":{type:"string"},"no-quotas":{type:"boolean"},"throttle-every":{type:"string"},"fail-every":{type:"string"},latency:{type:"string"},"drop-after-commit-every":{type:"string"},"hang-every":{type:"string"},"repeat-next-token":{type:"boolean"},"clock-skew":{type:"string"},help:{type:"boolean",short:"h"}},strict:!0});if(u(e,g,r))return l;let n=new y({rateLimits:{mutate:s(e["rate-mutate"],"rate-mutate",3),list:s(e["rate-list"],"rate-list",5)},quotas:e["no-quotas"]?m:p,faults:{throttleEvery:s(e["throttle-every"],"throttle-every",0),serverErrorEvery:s(e["fail-every"],"fail-every",0),latencyMs:s(e.latency,"latency",0),dropAfterCommitEvery:s(e["drop-after-commit-every"],"drop-after-commit-every",0),hangEvery:s(e["hang-every"],"hang-every",0),repeatNextToken:e["repeat-next-token"]===!0,clockSkewMs:S(e["clock-skew"],"clock-skew")*1e3},log:c=>r.stderr.write(`${c}
`)}),o=s(e.port,"port",4510),i=e.host??"127.0.0.1",h=await n.start(o,i).catch(c=>{throw k(c,i,o)??c});return r.stdout.write(`Partner Central Channel simulator listening on ${h}

Point channel-handshakes (or any AWS SDK) at it:
  export AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL=${h}
  export AWS_ACCESS_KEY_ID=${a.accessKeyId}
  export AWS_SECRET_ACCESS_KEY=${a.secretAccessKey}

Act as the receiver: curl -X POST ${h}/_simulator/handshakes/<id>/accept
Press Ctrl-C to stop.
`),await(r.interrupted?.()??new Promise(()=>{})),await n.stop(),r.stdout.write(`Simulator stopped.
`),l}export{g as SIMULATE_HELP,_ as simulateCommand};
