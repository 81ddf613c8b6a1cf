// Browser tests of the built site, driven in headless Debian Chromium through
// playwright-core (installed by ../shared/tools/setup.sh into /opt/acceptance).
// Usage: node tests/browser/parcours.mjs SITE_DIR
// Prints one line per test and a closing "N passed, M failed" line; exit 1 on failure.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const dir = path.resolve(process.argv[2] || 'output');
const prefix = process.env.ACCEPTANCE_DIR || '/opt/acceptance';
const require = createRequire(path.join(prefix, 'package.json'));
const { chromium } = require('playwright-core');

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.pdf': 'application/pdf' };
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(dir, url);
  if (!file.startsWith(dir)) { res.writeHead(404); return res.end(); }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404); return res.end('absent'); }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
async function newPage() {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(base)) problems.push(`request to another host: ${r.url()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  return page;
}
const visibleSlugs = (page) => page.$$eval('li.carte', (els) => els.filter((e) => e.offsetParent !== null).map((e) => e.dataset.slug).sort());
async function settle(page) { await page.waitForTimeout(400); }

let passed = 0, failed = 0;
async function test(name, fn) {
  try { await fn(); passed++; console.log(`ok - ${name}`); }
  catch (e) { failed++; console.log(`FAILED - ${name}: ${e.message}`); }
}
function assert(c, msg) { if (!c) throw new Error(msg); }

const EPICERIE = 'epicerie-solidaire-vannes';

await test('« epicerie » et « épicerie » montrent la même fiche dans la liste', async () => {
  const page = await newPage();
  await page.goto(base + 'fiches/index.html');
  const all = await visibleSlugs(page);
  await page.fill('#filtre-q', 'epicerie'); await settle(page);
  const a = await visibleSlugs(page);
  await page.fill('#filtre-q', 'épicerie'); await settle(page);
  const b = await visibleSlugs(page);
  await page.fill('#filtre-q', 'Épiceries'); await settle(page);
  const c = await visibleSlugs(page);
  assert(a.includes(EPICERIE), `epicerie: ${a}`);
  assert(a.length < all.length, `the search did not narrow the list (${a.length}/${all.length})`);
  assert(JSON.stringify(a) === JSON.stringify(b) && JSON.stringify(b) === JSON.stringify(c), `different results: ${a} / ${b} / ${c}`);
  await page.close();
});

await test('la recherche de l’en-tête propose la fiche en cours de frappe', async () => {
  const page = await newPage();
  await page.goto(base + 'index.html');
  const box = page.locator('header input[type=search]').first();
  await box.click();
  await box.pressSequentially('épiceri', { delay: 30 });
  await page.waitForFunction(() => [...document.querySelectorAll('header a')].some((a) => a.offsetParent !== null && /épicerie/i.test(a.textContent)), null, { timeout: 5000 });
  await page.close();
});

let filteredUrl = '', filtered = [];
await test('une facette réduit la liste et le compte, au clavier seul', async () => {
  const page = await newPage();
  await page.goto(base + 'fiches/index.html');
  const all = await visibleSlugs(page);
  // Reach the first « Alimentation » checkbox with the keyboard only.
  await page.focus('#filtre-q');
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.name === 'thematique' && document.activeElement.value === 'alimentation');
  }
  assert(reached, 'Tab never reached the « Alimentation » filter');
  await page.keyboard.press('Space'); await settle(page);
  filtered = await visibleSlugs(page);
  assert(filtered.length > 0 && filtered.length < all.length, `facet did not narrow: ${filtered.length}/${all.length}`);
  const count = await page.textContent('[data-compte-resultats]');
  assert(count.replace(/\s/g, ' ').includes(String(filtered.length)), `count « ${count} » does not say ${filtered.length}`);
  const cards = await page.$$eval('li.carte', (els) => els.filter((e) => e.offsetParent !== null).map((e) => e.dataset.thematique));
  assert(cards.every((t) => t.split(' ').includes('alimentation')), 'a visible card lacks the thématique');
  filteredUrl = page.url();
  assert(/thematique=alimentation/.test(filteredUrl), `state not in the URL: ${filteredUrl}`);
  await page.close();
});

await test('l’adresse filtrée rouvre la même vue', async () => {
  assert(filteredUrl, 'no filtered URL from the previous test');
  const page = await newPage();
  await page.goto(filteredUrl); await settle(page);
  const again = await visibleSlugs(page);
  assert(JSON.stringify(again) === JSON.stringify(filtered), `${again} != ${filtered}`);
  const checked = await page.$eval('input[name=thematique][value=alimentation]', (e) => e.checked);
  assert(checked, 'the checkbox is not checked again');
  await page.close();
});

await test('sur téléphone : « Voir les N fiches » mène aux résultats, les filtres actifs sont des puces retirables', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(base + 'fiches/index.html');
  const all = await visibleSlugs(page);
  assert(!(await page.$eval('.filtres-panneau', (d) => d.open)), 'the filters start folded on a phone');
  await page.click('.filtres-panneau > summary');
  await page.check('input[name=thematique][value=alimentation]'); await settle(page);
  const shown = await visibleSlugs(page);
  const voir = page.locator('[data-voir]');
  assert(await voir.isVisible(), 'the button is there on a phone');
  const label = (await voir.textContent()).replace(/\s/g, ' ');
  assert(label === `Voir les ${shown.length} fiches`, `button says « ${label} » for ${shown.length} cards`);
  await voir.click(); await settle(page);
  assert(!(await page.$eval('.filtres-panneau', (d) => d.open)), 'the filters fold away');
  assert(await page.evaluate(() => document.activeElement.id === 'titre-resultats'), 'focus goes to the results');
  const top = await page.$eval('.resultats', (e) => e.getBoundingClientRect().top);
  assert(top >= 0 && top < 100, `the results are in view (top ${top})`);
  // The active filter as a chip, that removes it.
  const chips = page.locator('[data-puces] button');
  assert(await chips.count() === 1, 'one chip');
  const chip = (await chips.first().textContent()).replace(/\s/g, ' ');
  assert(/Thématique : Alimentation/.test(chip), `chip « ${chip} »`);
  assert(/Retirer le filtre Thématique/.test(await chips.first().getAttribute('aria-label')), 'the chip says what it does');
  assert(await chips.first().isVisible(), 'the chip is on screen');
  await chips.first().click(); await settle(page);
  assert(JSON.stringify(await visibleSlugs(page)) === JSON.stringify(all), 'removing the chip shows every fiche again');
  assert(!(await page.$eval('input[name=thematique][value=alimentation]', (e) => e.checked)), 'the box is unticked');
  assert(await page.$eval('[data-puces]', (e) => e.hidden), 'no chip left');
  assert(await page.evaluate(() => document.activeElement.id === 'titre-resultats'), 'focus is not lost');
  // A search is a chip too.
  await page.click('.filtres-panneau > summary');
  await page.fill('#filtre-q', 'épicerie'); await settle(page);
  assert(/Recherche : « épicerie »/.test((await chips.first().textContent()).replace(/\s/g, ' ')), 'the search chip');
  await page.close();
});

await test('sur téléphone (375 px) : aucune page ne déborde, aucun tableau du bilan n’a de colonne coupée', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  const bilans = ['bilan/index.html', ...fs.readdirSync(path.join(dir, 'bilan')).filter((d) => fs.existsSync(path.join(dir, 'bilan', d, 'index.html'))).slice(0, 3).map((d) => `bilan/${d}/index.html`)];
  for (const p of ['index.html', 'fiches/index.html', ...bilans]) {
    await page.goto(base + p);
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert(width <= 375, `${p} is ${width} px wide`);
    const cut = await page.$$eval('table', (ts) => ts.filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1).map((t) => t.dataset.section || t.className));
    assert(cut.length === 0, `${p}: tables wider than the screen: ${cut}`);
  }
  // Each value still says its column.
  await page.goto(base + 'bilan/index.html');
  const before = await page.$eval('table[data-section=thematiques] tbody td', (td) => getComputedStyle(td, '::before').content);
  assert(before === '"Fiches"', `the first value says its column: ${before}`);
  await page.close();
});

await test('aucune erreur de console ni requête vers un autre site', async () => {
  assert(problems.length === 0, problems.join('; '));
});

await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
