// The buyergraph web app: search, namesake choice, live progress, the group, its map, history.
import { api, blob, events, token, ApiError } from './api.js';
import { el, clear, roleNames, roleOne, personName, contactStatus } from './dom.js';
import { drawMap } from './map.js';

const $ = (id) => document.getElementById(id);
const state = { job: null, report: null, picked: null, abort: null, map: null, suggestTimer: 0, edits: 0 };

function show(id, on = true) { $(id).hidden = !on; }

function fail(where, err) {
  if (err instanceof ApiError && err.status === 401) {
    show('signin');
    $('token').focus();
  }
  const node = $(where);
  node.textContent = err.message;
  node.hidden = false;
}

// --- search, suggestions and namesakes ---------------------------------------------------------

async function loadSellers() {
  try {
    const { sellers } = await api('/v1/sellers');
    const select = $('seller');
    for (const s of sellers.filter((x) => x.valid)) {
      const money = s.deal_size ? ` (${Number(s.deal_size).toLocaleString('en')} ${s.currency})` : '';
      select.append(el('option', { value: s.name }, `${s.product || s.name}${money}`));
    }
    show('signin', false);
  } catch (err) {
    fail('search-error', err);
  }
}

function candidateText(c) {
  const bits = [c.domain, c.industry, c.hq, c.employees ? `${Number(c.employees).toLocaleString('en')} employees` : ''];
  return bits.filter(Boolean).join(' · ');
}

function closeSuggestions() {
  show('suggestions', false);
  $('company').setAttribute('aria-expanded', 'false');
  $('company').removeAttribute('aria-activedescendant');
}

async function suggest() {
  const q = $('company').value.trim();
  const asked = state.edits;
  state.picked = null;
  if (q.length < 2) return closeSuggestions();
  try {
    const r = await api(`/v1/companies?q=${encodeURIComponent(q)}`);
    // Typed on, or searched, meanwhile: this answer is stale.
    if (state.edits !== asked || document.activeElement !== $('company')) return;
    const list = clear($('suggestions'));
    // Whole-word matches first (what resolution found), then names starting with what was typed.
    const seen = new Set();
    const companies = [...(r.company ? [r.company] : []), ...r.candidates, ...(r.suggestions || [])]
      .filter((c) => !seen.has(c.id) && seen.add(c.id));
    companies.slice(0, 8).forEach((c, i) => {
      list.append(el('li', { role: 'option', id: `suggestion-${i}`, 'data-id': c.id, 'aria-selected': 'false',
        onmousedown: (e) => { e.preventDefault(); pickSuggestion(c); } },
      el('span', { class: 'name' }, c.name), ' ', el('span', { class: 'meta' }, candidateText(c))));
    });
    const any = companies.length > 0;
    show('suggestions', any);
    $('company').setAttribute('aria-expanded', String(any));
    state.suggestions = companies;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) fail('search-error', err);
  }
}

function pickSuggestion(c) {
  $('company').value = c.name;
  state.picked = c;
  closeSuggestions();
}

function moveSuggestion(step) {
  const items = [...$('suggestions').children];
  if (!items.length || $('suggestions').hidden) return;
  let at = items.findIndex((li) => li.getAttribute('aria-selected') === 'true');
  at = (at + step + items.length) % items.length;
  items.forEach((li, i) => li.setAttribute('aria-selected', String(i === at)));
  $('company').setAttribute('aria-activedescendant', items[at].id);
}

function namesakes(resolution) {
  const list = clear($('namesake-list'));
  $('namesakes-note').textContent = `"${resolution.query}" matches more than one company. Pick the one you mean.`;
  for (const c of resolution.candidates) {
    list.append(el('li', {}, el('button', { type: 'button', class: 'namesake', 'data-id': c.id,
      onclick: () => { show('namesakes', false); start({ name: c.name, id: c.id }); } },
    el('strong', {}, c.name), el('span', { class: 'meta' }, candidateText(c)))));
  }
  show('namesakes');
  list.querySelector('button')?.focus();
}

async function onSearch(event) {
  event.preventDefault();
  clearTimeout(state.suggestTimer);
  state.edits += 1;
  closeSuggestions();
  show('search-error', false);
  show('namesakes', false);
  show('result', false);  // a new search: the last group is not this one
  const q = $('company').value.trim();
  if (!q) return;
  if (state.picked && state.picked.name === q) return start({ name: state.picked.name, id: state.picked.id });
  try {
    const r = await api(`/v1/companies?q=${encodeURIComponent(q)}`);
    if (r.status === 'resolved') return start({ name: r.company.name, id: r.company.id });
    if (r.status === 'ambiguous') return namesakes(r);
    fail('search-error', new Error(`"${q}" was not found${r.reason ? `: ${r.reason}` : ''}. Try its legal name or website.`));
  } catch (err) {
    fail('search-error', err);
  }
}

// --- a job: start, follow, cancel -----------------------------------------------------------

function describeJob(job) {
  if (job.status === 'queued') return `Waiting for a free slot (number ${job.queue_position} in the queue)…`;
  if (job.status === 'running') {
    const p = job.progress;
    const step = p && p.step > 0 ? ` Step ${p.step} of ${p.of}: ${p.summary || p.stage}.` : '';
    return `Finding the buyer group at ${job.company}…${step}`;
  }
  if (job.status === 'cancelling') return 'Cancelling…';
  if (job.status === 'cancelled') return 'Cancelled.';
  if (job.status === 'failed') return job.error ? job.error.detail : 'The search failed.';
  return `Done in ${job.seconds} s.`;
}

async function start(company) {
  const body = { company: company.name, company_id: company.id };
  if ($('seller').value) body.seller = $('seller').value;
  if ($('deal-size').value) body.deal_size = Number($('deal-size').value);
  show('result', false);
  try {
    const job = await api('/v1/groups', { method: 'POST', body });
    follow(job);
  } catch (err) {
    fail('search-error', err);
  }
}

async function follow(job) {
  state.job = job;
  show('progress');
  $('progress-text').textContent = describeJob(job);
  $('cancel').disabled = false;
  state.abort?.abort();
  state.abort = new AbortController();
  let last = job;
  try {
    await events(`/v1/groups/${encodeURIComponent(job.id)}/events`, (name, data) => {
      last = data;
      $('progress-text').textContent = describeJob(data);
    }, state.abort.signal);
  } catch (err) {
    if (err.name === 'AbortError') return;
    $('progress-text').textContent = err.message;
    return;
  }
  $('cancel').disabled = true;
  if (last.status === 'done') {
    const full = await api(`/v1/groups/${encodeURIComponent(job.id)}`);
    show('progress', false);
    render(full);
  }
}

async function cancel() {
  if (!state.job) return;
  try {
    const job = await api(`/v1/groups/${encodeURIComponent(state.job.id)}`, { method: 'DELETE' });
    $('progress-text').textContent = describeJob(job);
  } catch (err) {
    $('progress-text').textContent = err.message;
  }
}

// --- the group ----------------------------------------------------------------------------------

function showEvidence(m) {
  $('evidence-title').textContent = `${personName(m.person)} — ${m.person.title || 'no title'}`;
  $('evidence-reason').textContent = `${roleOne[m.role] || m.role}${m.sub_role ? ` (${m.sub_role.replaceAll('_', ' ')})` : ''}, confidence ${Math.round(m.confidence * 100)}%: ${m.reason || ''}`;
  const rows = clear($('evidence-rows'));
  for (const e of m.evidence || []) {
    rows.append(el('tr', {}, el('td', {}, e.field), el('td', {}, e.value), el('td', {}, e.source), el('td', {}, e.note || '')));
  }
  $('evidence').showModal();
}

function renderRoles(report) {
  const box = clear($('roles'));
  for (const role of Object.keys(roleNames)) {
    const members = report.members.filter((m) => m.role === role);
    if (!members.length) continue;
    const body = el('tbody');
    for (const m of members) {
      body.append(el('tr', { 'data-person': m.person.id },
        el('th', { scope: 'row' }, el('button', { type: 'button', class: 'person', onclick: () => showEvidence(m) }, personName(m.person))),
        el('td', {}, m.person.title || ''),
        el('td', { class: 'num' }, `${Math.round(m.confidence * 100)}%`),
        el('td', {}, contactStatus(m.person)),
        el('td', {}, m.reason || '')));
    }
    box.append(el('table', { class: 'members' },
      el('caption', {}, `${roleNames[role]} (${members.length})`),
      el('thead', {}, el('tr', {}, ['Name', 'Title', 'Confidence', 'Contact', 'Why'].map((h) => el('th', { scope: 'col' }, h)))),
      body));
  }
  if (!box.firstChild) box.append(el('p', {}, 'Nobody at this company fits the group (see coverage and gaps).'));
}

function renderCoverage(report) {
  const c = report.coverage || {};
  const box = clear($('coverage'));
  const score = c.score && typeof c.score === 'object' ? c.score.value : c.score;
  if (score !== undefined && score !== null) box.append(el('p', {}, `Coverage score: ${score} of 100.`));
  const list = el('ul', { class: 'coverage' });
  for (const r of c.required || []) {
    list.append(el('li', { class: r.covered ? 'covered' : 'gap' },
      `${r.covered ? 'Covered' : 'Gap'}: ${r.name}`, r.covered ? '' : ` — ${r.gap_reason || r.why || ''}`));
  }
  box.append(list);
}

function renderSequence(report) {
  const list = clear($('sequence'));
  const byId = new Map(report.members.map((m) => [m.person.id, m]));
  for (const step of (report.engagement && report.engagement.call_order) || []) {
    const m = byId.get(step.person_id);
    list.append(el('li', {}, el('strong', {}, m ? personName(m.person) : 'someone not in the group'),
      ` (${roleOne[step.role] || step.role}): ${step.why || ''}`));
  }
}

function renderSignals(report) {
  const list = clear($('signals'));
  const signals = (report.intelligence && report.intelligence.company_signals) || [];
  for (const s of signals) list.append(el('li', {}, s.statement));
  if (!signals.length) list.append(el('li', {}, 'No company signals in the data.'));
}

async function renderHistory(report) {
  const box = clear($('history'));
  clear($('diff'));
  $('diff-button').disabled = true;
  try {
    const { runs } = await api(`/v1/history?company=${encodeURIComponent(report.company.id || report.company.name)}`);
    const body = el('tbody');
    const picked = [];
    for (const r of runs) {
      const box = el('input', { type: 'checkbox', 'aria-label': `Run of ${r.created_at}`, value: r.run_id,
        onchange: (e) => {
          if (e.target.checked) picked.push(r.run_id); else picked.splice(picked.indexOf(r.run_id), 1);
          while (picked.length > 2) document.querySelector(`#history input[value="${CSS.escape(picked.shift())}"]`).checked = false;
          $('diff-button').disabled = picked.length !== 2;
          state.diff = [...picked];
        } });
      body.append(el('tr', {}, el('td', {}, box), el('td', {}, r.created_at), el('td', {}, r.seller),
        el('td', { class: 'num' }, r.members), el('td', { class: 'num' }, r.coverage ?? '-')));
    }
    box.append(el('table', { class: 'history' },
      el('thead', {}, el('tr', {}, ['Pick', 'When', 'Seller', 'Members', 'Coverage'].map((h) => el('th', { scope: 'col' }, h)))), body));
  } catch (err) {
    box.append(el('p', { class: 'error' }, err.message));
  }
}

async function showDiff() {
  const [a, b] = [...state.diff].sort();  // run ids sort by time: earlier first
  const box = clear($('diff'));
  try {
    const d = await api(`/v1/runs/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`);
    const who = (p) => `${p.name}${p.title ? ` (${p.title})` : ''}`;
    const items = [
      ...d.joined.map((p) => `Joined: ${who(p)} as ${roleOne[p.role] || p.role}`),
      ...d.left.map((p) => `Left: ${who(p)}, was ${roleOne[p.role] || p.role}`),
      ...d.role_changed.map((p) => `Role changed: ${who(p)} from ${roleOne[p.from] || p.from} to ${roleOne[p.to] || p.to}`),
      ...d.title_changed.map((p) => `Title changed: ${p.name} from "${p.from}" to "${p.to}"`),
      ...d.contact_changed.map((p) => `Contact changed: ${who(p)}: ${p.kind} ${p.from} → ${p.to}`),
    ];
    box.append(el('h4', {}, `From ${d.from.created_at} to ${d.to.created_at}`),
      el('ul', { class: 'diff' }, items.map((t) => el('li', {}, t))),
      el('p', {}, `${d.unchanged} member(s) unchanged.`));
  } catch (err) {
    box.append(el('p', { class: 'error' }, err.message));
  }
}

function render(job) {
  const report = job.report;
  state.report = report;
  state.job = job;
  $('result-title').textContent = `Buyer group at ${report.company.name}`;
  const warnings = (report.run && report.run.warnings) || [];
  const profile = job.seller === 'default' ? 'the default seller profile' : `the seller profile ${job.seller}`;
  const notes = warnings.map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}.`).join(' ');
  $('result-summary').textContent = `${report.members.length} member(s) for ${profile}. ${notes}`;
  renderRoles(report);
  state.map = drawMap($('map'), report, $('map-detail'));
  $('path-toggle').setAttribute('aria-pressed', 'false');
  $('path-note').textContent = '';
  renderCoverage(report);
  renderSequence(report);
  renderSignals(report);
  show('result');
  $('result-title').setAttribute('tabindex', '-1');
  $('result-title').focus();
  renderHistory(report);
}

async function download(button) {
  const format = button.dataset.download;
  const flavor = button.dataset.flavor ? `?flavor=${button.dataset.flavor}` : '';
  try {
    const data = await blob(`/v1/groups/${encodeURIComponent(state.job.id)}/report.${format}${flavor}`);
    const url = URL.createObjectURL(data);
    const slug = (state.report.company.name || 'group').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const a = el('a', { href: url, download: `${slug}${button.dataset.flavor ? `-${button.dataset.flavor}` : ''}.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) {
    $('result-summary').textContent = err.message;
  }
}

// --- wiring ---------------------------------------------------------------------------------------

$('search-form').addEventListener('submit', onSearch);
$('company').addEventListener('input', () => {
  state.edits += 1;
  clearTimeout(state.suggestTimer);
  state.suggestTimer = setTimeout(suggest, 250);
});
$('company').addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') { e.preventDefault(); moveSuggestion(1); }
  else if (e.key === 'ArrowUp') { e.preventDefault(); moveSuggestion(-1); }
  else if (e.key === 'Escape') closeSuggestions();
  else if (e.key === 'Enter' && !$('suggestions').hidden) {
    const at = [...$('suggestions').children].findIndex((li) => li.getAttribute('aria-selected') === 'true');
    if (at >= 0) { e.preventDefault(); pickSuggestion(state.suggestions[at]); }
  }
});
$('company').addEventListener('blur', () => setTimeout(closeSuggestions, 100));
$('cancel').addEventListener('click', cancel);
$('path-toggle').addEventListener('click', () => {
  const on = $('path-toggle').getAttribute('aria-pressed') !== 'true';
  $('path-toggle').setAttribute('aria-pressed', String(on));
  $('path-note').textContent = state.map ? state.map.highlightPath(on) : '';
});
$('diff-button').addEventListener('click', showDiff);
for (const b of document.querySelectorAll('[data-download]')) b.addEventListener('click', () => download(b));
$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  token.set($('token').value.trim());
  show('search-error', false);
  loadSellers();
});
loadSellers();
