#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
function o(r){let t=Number(r.HANDSHAKES_PULL_REQUEST??/^refs\/pull\/(\d+)\//.exec(r.GITHUB_REF??"")?.[1]),R=r.GITHUB_SERVER_URL&&r.GITHUB_REPOSITORY&&r.GITHUB_RUN_ID?`${r.GITHUB_SERVER_URL}/${r.GITHUB_REPOSITORY}/actions/runs/${r.GITHUB_RUN_ID}`:void 0,i={},U=r.GITHUB_ACTOR??r.USER;return U&&(i.actor=U),r.GITHUB_SHA&&(i.commit=r.GITHUB_SHA),Number.isInteger(t)&&t>0&&(i.pullRequest=t),R&&(i.runUrl=R),i}export{o as a};
