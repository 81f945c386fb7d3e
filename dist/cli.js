#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as c}from"./chunks/chunk-Z3DVBSJP.js";import{f as p,g as o}from"./chunks/chunk-KBIMZFGO.js";import{a as u,c as f,e as l,i as E}from"./chunks/chunk-BVTZEGRI.js";import"./chunks/chunk-2GUZBN6T.js";import{a as h}from"./chunks/chunk-J7F6GYH2.js";import"./chunks/chunk-FSKI434Q.js";import"./chunks/chunk-7FOV43YR.js";import{createInterface as R}from"node:readline/promises";var w="1.0.0";var C=`handshakes — GitOps for AWS Partner Central channel handshakes

Usage: handshakes <command> [options]

Commands:
  validate   Check the declarations under --dir and report every problem
  plan       Show what apply would do, against the recorded state
  apply      Send the planned changes to Partner Central and record the results
  refresh    Read live statuses from Partner Central into the state and report drift
  import     Adopt existing handshakes: write declarations and state entries
  simulate   Run a local Partner Central Channel simulator (no AWS account needed)
  demo       validate → plan → apply → plan against an in-process simulator (npm start)
  help       Show help for a command (handshakes help plan)

Options:
  -V, --version   Print the version and exit

Run "handshakes <command> --help" for the options of a command.
`,g={validate:async()=>{let e=await import("./chunks/validate-3YMGDLNF.js");return{handler:e.validateCommand,help:e.VALIDATE_HELP}},plan:async()=>{let e=await import("./chunks/plan-VB2T6C4F.js");return{handler:e.planCommand,help:e.PLAN_HELP}},apply:async()=>{let e=await import("./chunks/apply-SJ34IKAT.js");return{handler:e.applyCommand,help:e.APPLY_HELP}},refresh:async()=>{let e=await import("./chunks/refresh-UOLFFXNI.js");return{handler:e.refreshCommand,help:e.REFRESH_HELP}},import:async()=>{let e=await import("./chunks/import-L3D5FNTS.js");return{handler:e.importCommand,help:e.IMPORT_HELP}},simulate:async()=>{let e=await import("./chunks/simulate-AW5Q4RVY.js");return{handler:e.simulateCommand,help:e.SIMULATE_HELP}},demo:async()=>{let e=await import("./chunks/demo-BL7UJIOX.js");return{handler:e.demoCommand,help:e.DEMO_HELP}}};async function P(e){return e!==void 0&&Object.hasOwn(g,e)?g[e]?.():void 0}function A(e,s){let{stdout:t,stderr:n}=e,i=u(e.env),d=s[0]==="simulate"||s[0]==="help"&&s[1]==="simulate"?f(i,[c.accessKeyId,c.secretAccessKey]):i;return{...e,stdout:{write:a=>t.write(l(d(a))),writeCommands:a=>t.write(d(a)),isTTY:t.isTTY},stderr:{write:a=>n.write(l(d(a)))}}}async function y(e,s){let t=A(s,e),[n,...i]=e;if(n==="--version"||n==="-V")return t.stdout.write(`${w}
`),p;if(n===void 0||n==="--help"||n==="-h"||n==="help"){let r=n==="help"?i[0]:void 0;return t.stdout.write((await P(r))?.help??C),n===void 0?o:p}let m=await P(n);if(!m)return t.stderr.write(`handshakes: unknown command "${n}".

${C}`),o;let{handler:d,help:a}=m;try{return await d(i,t)}catch(r){if(r instanceof h)return t.stderr.write(`handshakes ${n}: ${r.message}
`),r.diagnostics.length>0&&t.stderr.write(`${E(r.diagnostics)}
`),o;if(r instanceof TypeError&&"code"in r&&String(r.code).startsWith("ERR_PARSE_ARGS"))return t.stderr.write(`handshakes ${n}: ${r.message}

${a}`),o;let _=r instanceof Error?r.stack??r.message:String(r);return t.stderr.write(`handshakes ${n}: internal error — this is a bug in channel-handshakes, please report it.
${_}
`),o}}y(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:process.stdout,stderr:process.stderr,now:()=>new Date,prompt:process.stdin.isTTY?async e=>{let s=R({input:process.stdin,output:process.stdout});try{return await s.question(e)}finally{s.close()}}:void 0,interrupted:()=>new Promise(e=>{process.once("SIGINT",()=>e()),process.once("SIGTERM",()=>e())})}).then(e=>{process.exitCode=e});
