// Building elements from data: text always goes in as text, never as markup.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') node.setAttribute('class', v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

export const roleNames = {
  decision: 'Decision makers',
  champion: 'Champions',
  stakeholder: 'Stakeholders',
  blocker: 'Blockers',
  introducer: 'Introducers',
};

export const roleOne = {
  decision: 'decision maker',
  champion: 'champion',
  stakeholder: 'stakeholder',
  blocker: 'blocker',
  introducer: 'introducer',
};

export function personName(p) {
  return p.full_name || [p.first_name, p.last_name].filter(Boolean).join(' ') || '(no name on record)';
}

// "email valid, phone risky": the best status of each kind of contact.
export function contactStatus(person) {
  const rank = { valid: 4, risky: 3, unknown: 2, invalid: 1 };
  const best = {};
  for (const c of person.contacts || []) {
    const s = c.status || 'unknown';
    if (!best[c.kind] || (rank[s] || 0) > (rank[best[c.kind]] || 0)) best[c.kind] = s;
  }
  const parts = Object.entries(best).map(([k, s]) => `${k} ${s}`);
  return parts.length ? parts.join(', ') : 'no contact on record';
}
