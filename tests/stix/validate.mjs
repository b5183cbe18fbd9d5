// File: tests/stix/validate.mjs
// Validates STIX 2.1 bundles against the official OASIS STIX 2.1 JSON schemas and the TLP 2.0
// marking-definition schemas, offline: every schema is preloaded from the local standards
// folder under its `$id` (both the http:// and https:// spellings), so no `$ref` leaves the
// machine. The upstream bundle.json schema rejects valid note/grouping/location/opinion
// objects (see data/standards/stix2.1/README.md), so the envelope is checked here and each
// object is validated against the schema of its own type (common/core.json for custom types).
// Extra rules the schemas do not check: every object but the marking and extension
// definitions carries exactly one TLP 2.0 marking in object_marking_refs, defined in the
// bundle; every *_ref / *_refs points into the bundle (except created_by_ref of copied
// upstream objects); modified >= created; ids are unique.
//
//   node validate.mjs [--standards DIR] BUNDLE.json...
// Exit code 0 when every bundle is valid, 1 otherwise (errors on standard error).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import Ajv07 from 'ajv';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
let standards = path.resolve(here, '../../../shared/data/standards');
const files = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--standards') standards = path.resolve(argv[++i]);
  else files.push(argv[i]);
}
if (files.length === 0) {
  console.error('usage: node validate.mjs [--standards DIR] BUNDLE.json...');
  process.exit(2);
}
const stixDir = path.join(standards, 'stix2.1', 'schemas');
const tlpDir = path.join(standards, 'tlp2', 'extension-definition-specifications', 'tlp-2.0');
if (!fs.existsSync(stixDir) || !fs.existsSync(tlpDir)) {
  console.error(`standards folder not found: ${standards}`);
  process.exit(2);
}

const PREFIX = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
const stixSchemas = [];  // [relative path, parsed schema]
for (const dir of ['common', 'sdos', 'sros', 'observables']) {
  for (const f of fs.readdirSync(path.join(stixDir, dir)).sort()) {
    if (!f.endsWith('.json')) continue;
    stixSchemas.push([`${dir}/${f}`, JSON.parse(fs.readFileSync(path.join(stixDir, dir, f), 'utf8'))]);
  }
}

function silentLogger() {
  return { log() {}, warn() {}, error: console.error };
}

// STIX schemas are draft 2020-12.
const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, logger: silentLogger() });
addFormats(ajv);
for (const [rel, schema] of stixSchemas) {
  ajv.addSchema(schema, PREFIX + rel);
  const copy = structuredClone(schema);
  copy.$id = PREFIX.replace('http://', 'https://') + rel;
  ajv.addSchema(copy);
}

// TLP 2.0 schemas are draft-07; they $ref STIX common schemas, which are added here without
// their $schema keyword (they use no 2020-12-only keywords).
const ajv7 = new Ajv07({ strict: false, allErrors: true, unicodeRegExp: false, logger: silentLogger() });
addFormats(ajv7);
for (const [rel, schema] of stixSchemas) {
  for (const prefix of [PREFIX, PREFIX.replace('http://', 'https://')]) {
    const copy = structuredClone(schema);
    delete copy.$schema;
    copy.$id = prefix + rel;
    ajv7.addSchema(copy);
  }
}
const tlpSchemas = ['marking-definition.json',
  'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d.json'].map((f) => {
  const s = JSON.parse(fs.readFileSync(path.join(tlpDir, f), 'utf8'));
  return [f, ajv7.compile(s)];
});
const TLP_EXT = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP_IDS = new Set([
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
]);

const byType = new Map();
for (const [rel] of stixSchemas) {
  const type = path.basename(rel, '.json');
  if (rel.startsWith('common/') && !['marking-definition', 'extension-definition', 'language-content'].includes(type)) continue;
  byType.set(type, ajv.getSchema(PREFIX + rel));
}
const core = ajv.getSchema(PREFIX + 'common/core.json');

function fmt(errors) {
  return (errors || []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message}` +
    (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '')).join('; ');
}

function collectRefs(value, key, out) {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, key, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectRefs(v, k, out);
  } else if (typeof value === 'string' && key && (key.endsWith('_ref') || key.endsWith('_refs'))) {
    out.push([key, value]);
  }
}

let failures = 0;
for (const file of files) {
  const errors = [];
  let bundle;
  try {
    bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    errors.push(`cannot read JSON: ${e.message}`);
  }
  if (bundle) {
    if (bundle.type !== 'bundle') errors.push('envelope: type is not "bundle"');
    if (typeof bundle.id !== 'string' || !/^bundle--[0-9a-f-]{36}$/.test(bundle.id)) errors.push('envelope: bad bundle id');
    if (!Array.isArray(bundle.objects) || bundle.objects.length === 0) errors.push('envelope: objects must be a non-empty array');
  }
  const objects = bundle && Array.isArray(bundle.objects) ? bundle.objects : [];
  const ids = new Set();
  for (const o of objects) {
    if (ids.has(o.id)) errors.push(`${o.id}: duplicate id`);
    ids.add(o.id);
  }
  const counts = {};
  for (const o of objects) {
    counts[o.type] = (counts[o.type] || 0) + 1;
    const validate = byType.get(o.type) || core;
    if (!validate(o)) errors.push(`${o.id} (${o.type}): ${fmt(validate.errors)}`);
    if (o.type === 'marking-definition') {
      for (const [name, v] of tlpSchemas) {
        const hasExt = o.extensions && o.extensions[TLP_EXT];
        if (name !== 'marking-definition.json' && !hasExt) continue;
        if (!v(o)) errors.push(`${o.id}: TLP 2.0 schema ${name}: ${fmt(v.errors)}`);
      }
      continue;
    }
    if (o.created && o.modified && o.modified < o.created) errors.push(`${o.id}: modified < created`);
    if (o.type === 'extension-definition') continue;  // copied unchanged from upstream
    const marks = (o.object_marking_refs || []).filter((m) => TLP_IDS.has(m));
    if (marks.length !== 1) errors.push(`${o.id}: needs exactly one TLP 2.0 marking, has ${marks.length}`);
    const refs = [];
    collectRefs(o, null, refs);
    for (const [k, r] of refs) {
      if (!ids.has(r)) errors.push(`${o.id}: ${k} ${r} is not in the bundle`);
    }
  }
  if (errors.length) {
    failures++;
    console.error(`${file}: INVALID (${errors.length} errors)`);
    for (const e of errors.slice(0, 50)) console.error(`  ${e}`);
  } else {
    const summary = Object.entries(counts).sort().map(([t, n]) => `${t} ${n}`).join(', ');
    console.log(`${file}: valid: ${objects.length} objects (${summary})`);
  }
}
process.exit(failures ? 1 : 0);
