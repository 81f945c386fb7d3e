#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as h,b as u,c as d}from"./chunk-RWLGBLYW.js";import{a as s}from"./chunk-Z3DVBSJP.js";import{e as l,f as c}from"./chunk-KBIMZFGO.js";import"./chunk-BVTZEGRI.js";import"./chunk-2GUZBN6T.js";import"./chunk-3B52MKPX.js";import{a as i}from"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as p}from"node:util";var y=`Usage: handshakes simulate [--port 4510] [--host 127.0.0.1] [fault options]

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
  AWS_ACCESS_KEY_ID=${s.accessKeyId}
  AWS_SECRET_ACCESS_KEY=${s.secretAccessKey}

The receiving side: POST /_simulator/handshakes/{id}/accept|reject|expire, GET /_simulator/handshakes.
Program management accounts: POST /_simulator/program-management-accounts/{id}/activate|deactivate.
Where AWS is silent: GET /_simulator/choices, POST /_simulator/choices {"<choice>": false} (docs/lifecycle.md).
`;function n(t,r,e){if(t===void 0)return e;let a=Number(t);if(!Number.isInteger(a)||a<0)throw new i(`--${r} takes a whole number, not "${t}".`);return a}function f(t,r){if(t===void 0)return 0;let e=Number(t);if(!Number.isFinite(e)||t.trim()==="")throw new i(`--${r} takes a number of seconds (negative for behind), not "${t}".`);return e}async function w(t,r){let{values:e}=p({args:t,options:{port:{type:"string"},host:{type:"string"},"rate-mutate":{type:"string"},"rate-list":{type:"string"},"no-quotas":{type:"boolean"},"throttle-every":{type:"string"},"fail-every":{type:"string"},latency:{type:"string"},"drop-after-commit-every":{type:"string"},"hang-every":{type:"string"},"repeat-next-token":{type:"boolean"},"clock-skew":{type:"string"},help:{type:"boolean",short:"h"}},strict:!0});if(l(e,y,r))return c;let a=new d({rateLimits:{mutate:n(e["rate-mutate"],"rate-mutate",3),list:n(e["rate-list"],"rate-list",5)},quotas:e["no-quotas"]?u:h,faults:{throttleEvery:n(e["throttle-every"],"throttle-every",0),serverErrorEvery:n(e["fail-every"],"fail-every",0),latencyMs:n(e.latency,"latency",0),dropAfterCommitEvery:n(e["drop-after-commit-every"],"drop-after-commit-every",0),hangEvery:n(e["hang-every"],"hang-every",0),repeatNextToken:e["repeat-next-token"]===!0,clockSkewMs:f(e["clock-skew"],"clock-skew")*1e3},log:m=>r.stderr.write(`${m}
`)}),o=await a.start(n(e.port,"port",4510),e.host??"127.0.0.1");return r.stdout.write(`Partner Central Channel simulator listening on ${o}

Point channel-handshakes (or any AWS SDK) at it:
  export AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL=${o}
  export AWS_ACCESS_KEY_ID=${s.accessKeyId}
  export AWS_SECRET_ACCESS_KEY=${s.secretAccessKey}

Act as the receiver: curl -X POST ${o}/_simulator/handshakes/<id>/accept
Press Ctrl-C to stop.
`),await(r.interrupted?.()??new Promise(()=>{})),await a.stop(),r.stdout.write(`Simulator stopped.
`),c}export{y as SIMULATE_HELP,w as simulateCommand};
