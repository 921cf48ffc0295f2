// Where the app's CPU goes, from a V8 CPU profile (node --cpu-prof): self time grouped by package
// or layer, as a share of the busy (non-idle) time. Node's own code (JSON, crypto, sockets) counts
// for the package or app frame that called it.
//
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- --only paths
//   node scripts/bench/profile-split.mjs /tmp/prof/*.cpuprofile
import { readFile } from 'node:fs/promises';

/** First match wins: the URL (or the function name for V8's own entries) decides the group. */
const GROUPS = [
  ['GC', (url, name) => name === '(garbage collector)'],
  // Sampled by wall time: under load a write that wakes PostgreSQL is often preempted by it.
  ['socket writes (syscalls)', (url, name) => isSyscall({ url, functionName: name })],
  ['V8, unattributed (program)', (url, name) => name === '(program)'],
  ['pg driver', (url) => /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-\w+|pgpass)\//.test(url)],
  ['typeorm', (url) => url.includes('node_modules/typeorm/')],
  ['Nest', (url) => url.includes('node_modules/@nestjs/')],
  ['rxjs', (url) => url.includes('node_modules/rxjs/')],
  [
    'validation (class-validator/transformer, ajv)',
    (url) => /node_modules\/(class-validator|class-transformer|validator|ajv|libphonenumber-js)\//.test(url),
  ],
  [
    'fastify',
    (url) =>
      /node_modules\/(fastify|@fastify\/[\w-]+|find-my-way|light-my-request|avvio|pino|fast-json-stringify|secure-json-parse)\//.test(
        url,
      ),
  ],
  ['other packages', (url) => url.includes('node_modules/')],
  ['app code (dist/)', (url) => url.includes('/dist/')],
  ['node internals', (url) => url.startsWith('node:') || url === ''],
  ['other', () => true],
];

const totals = new Map(GROUPS.map(([group]) => [group, 0]));
let busy = 0;
for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(await readFile(file, 'utf8'));
  const selfTime = new Map();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  profile.samples.forEach((id, i) =>
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) {
    const { functionName } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(root)') continue;
    const time = selfTime.get(node.id) ?? 0;
    // Node's own JavaScript and native code (JSON, crypto, streams) count for the caller that
    // made them run: the nearest frame of a package or of the app.
    let owner = node;
    while (!isSyscall(owner.callFrame) && isNodeInternal(owner.callFrame) && parent.has(owner.id))
      owner = parent.get(owner.id);
    if (isSyscall(owner.callFrame)) owner = node;
    else if (isNodeInternal(owner.callFrame) || owner.callFrame.functionName === '(root)') owner = node;
    const [group] = GROUPS.find(([, match]) =>
      match(owner.callFrame.url, byId.get(owner.id).callFrame.functionName),
    );
    totals.set(group, totals.get(group) + time);
    busy += time;
  }
}
function isSyscall({ url, functionName }) {
  return url === '' && /^(writev|writeBuffer|write\w*String)$/.test(functionName);
}

function isNodeInternal({ url, functionName }) {
  return (url === '' || url.startsWith('node:')) && !functionName.startsWith('(');
}

if (busy === 0) throw new Error('usage: profile-split.mjs FILE.cpuprofile… (no busy samples found)');
const writes = totals.get('socket writes (syscalls)');
console.log(`busy time ${(busy / 1e6).toFixed(1)} s; share of it, and share without the socket writes`);
for (const [group, time] of [...totals].sort((a, b) => b[1] - a[1])) {
  const rest = group === 'socket writes (syscalls)' ? '' : ((100 * time) / (busy - writes)).toFixed(1) + '%';
  console.log(`${group.padEnd(48)} ${((100 * time) / busy).toFixed(1).padStart(5)}%  ${rest.padStart(6)}`);
}
