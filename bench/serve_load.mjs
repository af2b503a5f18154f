// Load on `buyergraph serve`: N clients, each asking for M groups one after another (POST, then
// the event stream until the group is done). Prints one JSON line: groups, errors, wall seconds,
// groups/s, p50/p95/max latency (POST to done). Usage: node serve_load.mjs URL CLIENTS GROUPS
// SELLER COMPANY... (companies are cycled). No dependencies: Node's fetch.
const [url, clientsArg, groupsArg, seller, ...companies] = process.argv.slice(2);
const clients = Number(clientsArg), perClient = Number(groupsArg);
if (!url || !clients || !perClient || !companies.length) {
  console.error('usage: node serve_load.mjs URL CLIENTS GROUPS SELLER COMPANY...');
  process.exit(2);
}

async function untilDone(id) {
  const res = await fetch(`${url}/v1/groups/${id}/events`);
  if (!res.ok) throw new Error(`events: ${res.status}`);
  const text = await res.text();  // the stream ends when the group does
  const last = text.trim().split('\n').filter((l) => l.startsWith('data: ')).pop();
  return JSON.parse(last.slice(6)).status;
}

const latencies = [];
const errors = {};
let n = 0;
async function client(c) {
  for (let i = 0; i < perClient; i += 1) {
    const company = companies[(c * perClient + i) % companies.length];
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}/v1/groups`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ company, seller }) });
      if (res.status !== 202) throw new Error(`POST ${res.status}`);
      const job = await res.json();
      const status = await untilDone(job.id);
      if (status !== 'done') throw new Error(`group ${status}`);
      latencies.push((performance.now() - t0) / 1000);
    } catch (err) {
      errors[err.message] = (errors[err.message] || 0) + 1;
    }
    n += 1;
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
const wall = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : null);
console.log(JSON.stringify({ groups: latencies.length, requested: n, errors, wall_s: +wall.toFixed(2),
  groups_per_s: +(latencies.length / wall).toFixed(2), p50_s: +q(0.5).toFixed(3), p95_s: +q(0.95).toFixed(3),
  max_s: +q(1).toFixed(3) }));
