// Extracts, from the official Smithy model, the shapes the simulator serves: every operation of the service (the
// handshake, program management account, relationship and tagging operations), with their inputs, outputs and
// errors, and only the traits that decide what is valid on the wire.
// Run: node scripts/extract-model.mjs [path/to/partnercentral-channel.smithy.json]
// test/model-conformance.test.ts re-runs it against ../shared/reference and fails if the committed copy drifted.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const OPERATIONS = [
  'CreateChannelHandshake',
  'ListChannelHandshakes',
  'CancelChannelHandshake',
  'AcceptChannelHandshake',
  'RejectChannelHandshake',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
  'CreateProgramManagementAccount',
  'UpdateProgramManagementAccount',
  'DeleteProgramManagementAccount',
  'ListProgramManagementAccounts',
  'CreateRelationship',
  'UpdateRelationship',
  'DeleteRelationship',
  'ListRelationships',
  'GetRelationship',
];
const NAMESPACE = 'com.amazonaws.partnercentralchannel#';
const KEPT_TRAITS = {
  'smithy.api#required': 'required',
  'smithy.api#length': 'length',
  'smithy.api#pattern': 'pattern',
  'smithy.api#range': 'range',
  'smithy.api#default': 'default',
  'smithy.api#error': 'error',
  'smithy.api#httpError': 'httpError',
  'smithy.api#retryable': 'retryable',
  'smithy.api#timestampFormat': 'timestampFormat',
  'smithy.api#idempotencyToken': 'idempotencyToken',
};

const short = (id) => (id.startsWith(NAMESPACE) ? id.slice(NAMESPACE.length) : id);

function keptTraits(traits = {}) {
  const kept = {};
  for (const [name, value] of Object.entries(traits)) {
    if (KEPT_TRAITS[name]) kept[KEPT_TRAITS[name]] = value;
  }
  return kept;
}

export function extractModel(smithy) {
  const shapes = smithy.shapes;
  const out = { operations: {}, shapes: {} };
  const pending = [];
  const visit = (id) => {
    if (!id.startsWith(NAMESPACE) || out.shapes[short(id)] !== undefined) return;
    out.shapes[short(id)] = null;
    pending.push(id);
  };
  for (const operation of OPERATIONS) {
    const shape = shapes[NAMESPACE + operation];
    out.operations[operation] = {
      input: short(shape.input.target),
      output: short(shape.output.target),
      errors: (shape.errors ?? []).map((error) => short(error.target)),
    };
    visit(shape.input.target);
    visit(shape.output.target);
    for (const error of shape.errors ?? []) visit(error.target);
  }
  const service = Object.values(shapes).find((shape) => shape.type === 'service');
  out.serviceErrors = (service.errors ?? []).map((error) => short(error.target));
  for (const error of service.errors ?? []) visit(error.target);
  while (pending.length > 0) {
    const id = pending.shift();
    const shape = shapes[id];
    const entry = { type: shape.type, ...keptTraits(shape.traits) };
    if (shape.type === 'enum') {
      entry.values = Object.values(shape.members).map((member) => member.traits['smithy.api#enumValue']);
    } else if (shape.members) {
      entry.members = {};
      for (const [name, member] of Object.entries(shape.members)) {
        entry.members[name] = { target: short(member.target), ...keptTraits(member.traits) };
        visit(member.target);
      }
    } else if (shape.member) {
      entry.member = { target: short(shape.member.target) };
      visit(shape.member.target);
    }
    out.shapes[short(id)] = entry;
  }
  out.shapes = Object.fromEntries(Object.entries(out.shapes).sort(([a], [b]) => (a < b ? -1 : 1)));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const source = process.argv[2] ?? '../shared/reference/partnercentral-channel.smithy.json';
  const model = extractModel(JSON.parse(readFileSync(source, 'utf8')));
  writeFileSync('src/simulator/channel-model.json', `${JSON.stringify(model, null, 2)}\n`);
  console.log(`wrote src/simulator/channel-model.json: ${Object.keys(model.shapes).length} shapes`);
}
