// The decision-flow map: members as boxes in rows by role, their reporting lines as arrows.
// Hover or focus a person to see their lines; the path from the lead champion to the economic
// buyer can be highlighted.
import { svg, clear, personName, roleOne } from './dom.js';

const rows = ['decision', 'champion', 'stakeholder', 'blocker', 'introducer'];
const W = 190, H = 46, GAP_X = 18, GAP_Y = 56, PAD = 16;

export function drawMap(container, report, detail) {
  clear(container);
  const flow = (report.intelligence && report.intelligence.decision_flow) || { edges: [] };
  const byId = new Map(report.members.map((m) => [m.person.id, m]));
  const used = rows.filter((r) => report.members.some((m) => m.role === r));
  const widest = Math.max(1, ...used.map((r) => report.members.filter((m) => m.role === r).length));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X;
  const height = PAD * 2 + used.length * H + Math.max(0, used.length - 1) * GAP_Y;
  const pos = new Map();
  used.forEach((role, row) => {
    const people = report.members.filter((m) => m.role === role);
    const offset = (width - (people.length * W + (people.length - 1) * GAP_X)) / 2;
    people.forEach((m, i) => pos.set(m.person.id, { x: offset + i * (W + GAP_X), y: PAD + row * (H + GAP_Y), m }));
  });

  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'group',
    'aria-label': 'Decision flow: who reports to whom among the members' });
  root.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5,
    markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }))));
  const edgeLayer = svg('g', { class: 'edges' });
  const nodeLayer = svg('g', { class: 'nodes' });
  root.append(edgeLayer, nodeLayer);

  const edges = [];
  for (const e of flow.edges || []) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + W / 2, y1 = a.y + (a.y > b.y ? 0 : H), x2 = b.x + W / 2, y2 = b.y + (a.y > b.y ? H : 0);
    const line = svg('line', { x1, y1, x2, y2, class: `edge${e.inferred ? ' inferred' : ''}`, 'marker-end': 'url(#arrow)' });
    edgeLayer.append(line);
    edges.push({ e, line });
  }

  const describe = (id) => {
    const m = byId.get(id);
    const lines = edges.filter(({ e }) => e.from === id || e.to === id).map(({ e }) => {
      const other = byId.get(e.from === id ? e.to : e.from);
      const verb = e.from === id ? 'reports to' : 'has reporting to them';
      const how = e.inferred ? ' (inferred from title and function)' : '';
      return `${verb} ${personName(other.person)}${how}`;
    });
    return `${personName(m.person)}, ${m.person.title || 'no title'} (${roleOne[m.role] || m.role}): ${lines.length ? lines.join('; ') : 'no known lines to other members'}.`;
  };
  const focus = (id) => {
    for (const { e, line } of edges) line.classList.toggle('lit', id !== null && (e.from === id || e.to === id));
    for (const [pid, p] of pos) p.node.classList.toggle('dim', id !== null && pid !== id && !edges.some(({ e }) => (e.from === id && e.to === pid) || (e.to === id && e.from === pid)));
    detail.textContent = id === null ? '' : describe(id);
  };

  for (const [id, p] of pos) {
    const label = personName(p.m.person);
    const title = p.m.person.title || '';
    const g = svg('g', { class: `node role-${p.m.role}${p.m.sub_role === 'economic_buyer' ? ' economic-buyer' : ''}`, tabindex: 0,
      role: 'img', 'aria-label': `${label}, ${title}, ${roleOne[p.m.role] || p.m.role}`, 'data-person': id, transform: `translate(${p.x},${p.y})` },
    svg('title', {}, `${label} — ${title}`),
    svg('rect', { width: W, height: H, rx: 6 }),
    svg('text', { x: 10, y: 19, class: 'name' }, label.length > 24 ? `${label.slice(0, 23)}…` : label),
    svg('text', { x: 10, y: 36, class: 'title' }, title.length > 28 ? `${title.slice(0, 27)}…` : title));
    g.addEventListener('mouseenter', () => focus(id));
    g.addEventListener('focus', () => focus(id));
    g.addEventListener('mouseleave', () => focus(null));
    g.addEventListener('blur', () => focus(null));
    p.node = g;
    nodeLayer.append(g);
  }
  container.append(root);

  // The lead champion: first champion in the call order, else the first champion listed.
  const order = (report.engagement && report.engagement.call_order) || [];
  const leadChampion = (order.find((s) => s.role === 'champion') || {}).person_id ||
    (report.members.find((m) => m.role === 'champion') || { person: {} }).person.id;
  const buyer = (report.members.find((m) => m.sub_role === 'economic_buyer') ||
    report.members.find((m) => m.role === 'decision') || { person: {} }).person.id;

  // Shortest chain of lines between the two (lines read either way).
  function path() {
    if (!leadChampion || !buyer) return null;
    const prev = new Map([[leadChampion, null]]);
    const queue = [leadChampion];
    while (queue.length) {
      const at = queue.shift();
      if (at === buyer) break;
      for (const { e } of edges) {
        const next = e.from === at ? e.to : e.to === at ? e.from : null;
        if (next && !prev.has(next)) { prev.set(next, { at, e }); queue.push(next); }
      }
    }
    if (!prev.has(buyer)) return null;
    const used = [];
    for (let at = buyer; prev.get(at); at = prev.get(at).at) used.push(prev.get(at).e);
    return used;
  }

  return {
    highlightPath(on) {
      for (const { line } of edges) line.classList.remove('path');
      for (const [, p] of pos) p.node.classList.remove('on-path');
      if (!on) return '';
      const names = (id) => (byId.get(id) ? personName(byId.get(id).person) : 'nobody');
      if (!leadChampion || !buyer) return 'The group has no champion or no decision maker, so there is no path to show.';
      pos.get(leadChampion).node.classList.add('on-path');
      pos.get(buyer).node.classList.add('on-path');
      const p = path();
      if (!p) return `No known line connects ${names(leadChampion)} (lead champion) to ${names(buyer)} (economic buyer); both are marked.`;
      for (const { e, line } of edges) if (p.includes(e)) line.classList.add('path');
      for (const e of p) { pos.get(e.from).node.classList.add('on-path'); pos.get(e.to).node.classList.add('on-path'); }
      return `${names(leadChampion)} (lead champion) reaches ${names(buyer)} (economic buyer) in ${p.length} step(s).`;
    },
  };
}
