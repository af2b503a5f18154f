// The web app in headless Chromium (the Debian package, driven by puppeteer-core): search a demo
// company, pick a namesake, see the group and its map, open a member's evidence, download the
// CSV, compare two runs. Usage: node web_test.mjs URL ARTIFACT_DIR. Exit 0 when every step holds.
// The people it shows are fictional (synthetic demo data).
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [url, artifacts] = process.argv.slice(2);
if (!url || !artifacts) {
  console.error('usage: node web_test.mjs URL ARTIFACT_DIR');
  process.exit(2);
}
fs.mkdirSync(artifacts, { recursive: true });
const downloads = path.join(artifacts, 'downloads');
fs.rmSync(downloads, { recursive: true, force: true });
fs.mkdirSync(downloads, { recursive: true });
const slow = { timeout: 120000 };
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures += 1;
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const page = await browser.newPage();
await page.setViewport({ width: 1366, height: 900 });  // a laptop screen
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(e.message));
const cdp = await page.createCDPSession();
await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });

async function search(company, seller) {
  await page.$eval('#company', (el) => { el.value = ''; });
  await page.type('#company', company);
  if (seller !== undefined) await page.select('#seller', seller);
  await page.focus('#company');
  await page.keyboard.press('Enter');  // as a user does; the suggestion list may cover the button
}

async function waitForGroup(name) {
  await page.waitForFunction((n) => {
    const t = document.querySelector('#result-title');
    return !document.querySelector('#result').hidden && t && t.textContent.includes(n);
  }, slow, name);
}

try {
  await page.goto(url, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => document.querySelectorAll('#seller option').length > 1, slow);
  check(true, 'the page loads and lists the seller profiles');
  const markup = await page.$$eval('#seller option', (o) => o.map((x) => x.textContent).find((t) => t.includes('Evil')) || '');
  const injected = await page.evaluate(() => window.__injected === 1 || document.querySelector('#seller img') !== null);
  check(markup.startsWith('<img') && !injected, `a product name that is markup shows as text: ${markup.slice(0, 40)}`);

  // Suggestions while typing.
  await page.type('#company', 'Conto');
  await page.waitForFunction(() => !document.querySelector('#suggestions').hidden, slow);
  const suggestion = await page.$eval('#suggestions li .name', (el) => el.textContent);
  check(suggestion.includes('Contoso'), `suggestions while typing (first: ${suggestion})`);

  // A demo company: resolved, run, shown by role, with the map.
  await search('Contoso', 'cloud-infrastructure');
  await waitForGroup('Contoso');
  const rows = await page.$$eval('#roles table.members tbody tr', (r) => r.length);
  check(rows > 0, `the group by role (${rows} members)`);
  const captions = await page.$$eval('#roles caption', (c) => c.map((x) => x.textContent));
  check(captions.some((c) => c.startsWith('Decision makers')), `role sections: ${captions.join(', ')}`);
  const nodes = await page.$$eval('#map svg .node', (n) => n.length);
  check(nodes === rows, `the decision-flow map has a box per member (${nodes})`);
  await page.hover('#map svg .node');
  const detail = await page.$eval('#map-detail', (el) => el.textContent);
  check(detail.length > 0, `hovering a person shows their lines: "${detail.slice(0, 80)}..."`);
  await page.click('#path-toggle');
  const pathNote = await page.$eval('#path-note', (el) => el.textContent);
  const marked = await page.$$eval('#map svg .node.on-path', (n) => n.length);
  check(pathNote.length > 0 && marked >= 2, `the lead champion's path is highlighted (${marked} marked): ${pathNote}`);
  const coverage = await page.$$eval('#coverage li', (l) => l.length);
  const sequence = await page.$$eval('#sequence li', (l) => l.length);
  const signals = await page.$$eval('#signals li', (l) => l.length);
  check(coverage > 0 && sequence > 0 && signals > 0, `coverage (${coverage}), engagement sequence (${sequence}), signals (${signals})`);
  await page.screenshot({ path: path.join(artifacts, 'group.png'), fullPage: true });
  await (await page.$('#map')).screenshot({ path: path.join(artifacts, 'map.png') });

  // A member's evidence.
  const who = await page.$eval('#roles button.person', (b) => b.textContent);
  await page.click('#roles button.person');
  await page.waitForSelector('#evidence[open]', slow);
  const evidence = await page.$$eval('#evidence-rows tr', (r) => r.length);
  const title = await page.$eval('#evidence-title', (el) => el.textContent);
  check(evidence > 0 && title.startsWith(who), `evidence for ${who}: ${evidence} rows`);
  await page.screenshot({ path: path.join(artifacts, 'evidence.png') });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#evidence').open, slow);

  // The CSV for HubSpot, downloaded.
  await page.click('[data-download="csv"][data-flavor="hubspot"]');
  const deadline = Date.now() + 60000;
  let csvFile;
  while (!csvFile && Date.now() < deadline) {
    csvFile = fs.readdirSync(downloads).find((f) => f.endsWith('.csv'));
    if (!csvFile) await new Promise((r) => setTimeout(r, 200));
  }
  const csv = csvFile ? fs.readFileSync(path.join(downloads, csvFile), 'utf8') : '';
  const csvLines = csv.split(/\r?\n/).filter(Boolean).length;
  check(csvLines === rows + 1, `the CSV download ${csvFile}: a header and ${csvLines - 1} members`);

  // An ambiguous name: pick the second namesake.
  await search('Tailspin');
  await page.waitForFunction(() => !document.querySelector('#namesakes').hidden, slow);
  const namesakes = await page.$$eval('#namesake-list button strong', (b) => b.map((x) => x.textContent));
  check(namesakes.length >= 2, `namesakes offered: ${namesakes.join(' / ')}`);
  await page.screenshot({ path: path.join(artifacts, 'namesakes.png') });
  const buttons = await page.$$('#namesake-list button');
  await buttons[1].click();
  await waitForGroup(namesakes[1]);
  check(true, `the picked namesake's group is shown (${namesakes[1]})`);

  // History and the diff between two runs of the same company.
  await search('Contoso', 'security');
  await page.waitForFunction(() => {
    const t = document.querySelector('#result-title');
    return t && t.textContent.includes('Contoso') && document.querySelectorAll('#history tbody tr').length >= 2;
  }, slow);
  const boxes = await page.$$('#history tbody input[type=checkbox]');
  check(boxes.length >= 2, `history lists ${boxes.length} runs`);
  await boxes[0].click();
  await boxes[1].click();
  await page.click('#diff-button');
  await page.waitForSelector('#diff h4', slow);
  const diff = await page.$$eval('#diff li, #diff p', (l) => l.map((x) => x.textContent));
  check(diff.length > 0, `the diff: ${diff.slice(0, 3).join(' | ')}`);
  await page.screenshot({ path: path.join(artifacts, 'diff.png'), fullPage: true });

  check(consoleErrors.length === 0, `no script errors${consoleErrors.length ? `: ${consoleErrors.join('; ')}` : ''}`);
} catch (err) {
  check(false, `stopped: ${err.message}`);
  await page.screenshot({ path: path.join(artifacts, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
