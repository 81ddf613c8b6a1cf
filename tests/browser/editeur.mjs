// The form editor of `recueil serve`, driven in headless Debian Chromium
// through playwright-core (installed by ../shared/tools/setup.sh into /opt/acceptance).
// Usage: node tests/browser/editeur.mjs BASE_URL PROJECT_DIR SCREENSHOT_DIR
// BASE_URL is a running `recueil serve` of PROJECT_DIR (a copy of the sample).
// Prints one line per test and a closing "N passed, M failed" line; exit 1 on failure.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const base = process.argv[2];
const project = path.resolve(process.argv[3]);
const shots = process.argv[4] ? path.resolve(process.argv[4]) : null;
const prefix = process.env.ACCEPTANCE_DIR || '/opt/acceptance';
const require = createRequire(path.join(prefix, 'package.json'));
const { chromium } = require('playwright-core');

const SLUG = 'repair-cafe-de-quartier';
const FILE = path.join(project, 'fiches', 'Repair Café de quartier.md');
const read = () => fs.readFileSync(FILE, 'utf8');
const bodyOf = (t) => t.slice(t.indexOf('\n---', 4) + 4);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
async function newPage(width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(base)) problems.push(`request to another host: ${r.url()}`); });
  return page;
}

let passed = 0, failed = 0;
async function test(name, fn) {
  try { await fn(); passed++; console.log(`ok - ${name}`); }
  catch (e) { failed++; console.log(`FAILED - ${name}: ${e.message}`); }
}
function assert(c, msg) { if (!c) throw new Error(msg); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A request written by hand: any Host, any Origin, any token.
function forge({ host, origin, token, body }) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', host: host || u.host };
    if (origin) headers.origin = origin;
    if (token) headers['x-recueil-jeton'] = token;
    const req = http.request({ hostname: u.hostname, port: u.port, path: '/__recueil/enregistrer', method: 'POST', headers }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const original = read();
let token = null, empreinte = null;

await test('la page d’une fiche montre « Modifier cette fiche », qui ouvre le formulaire', async () => {
  const page = await newPage();
  await page.goto(`${base}fiches/${SLUG}/`);
  await page.getByRole('link', { name: 'Modifier cette fiche' }).click();
  await page.waitForURL(/__recueil\/modifier/);
  for (const label of ['Titre', 'Résumé', 'Date', 'Mise à jour', 'Structure', 'Type de structure', 'Commune', 'Département', 'Habitants', 'Année de début', 'Statut', 'Thématiques', 'Publics', 'Mots-clés', 'Brouillon', 'Contexte', 'Public', 'Fonctionnement', 'Bilan', 'Moyens', 'Partenaires', 'Observations']) {
    assert(await page.getByLabel(label, { exact: true }).count() === 1, `no field labelled « ${label} »`);
  }
  assert(await page.getByLabel('Date', { exact: true }).getAttribute('type') === 'date', 'the date is a date input');
  assert((await page.getByLabel('Titre', { exact: true }).inputValue()).startsWith('Un Repair Café'), 'the title is filled in');
  token = await page.$eval('#editeur', (f) => f.dataset.jeton);
  empreinte = await page.$eval('#editeur', (f) => f.dataset.empreinte);
  if (shots) {
    await page.screenshot({ path: path.join(shots, 'editeur-1280.png'), fullPage: false });
  }
  await page.close();
});

await test('changer le titre et enregistrer : le fichier a le nouveau titre, le même corps et ses autres clés et commentaires', async () => {
  const page = await newPage();
  await page.goto(`${base}__recueil/modifier/${SLUG}/`);
  await page.getByLabel('Titre', { exact: true }).fill('Un Repair Café au Breil, à Nantes');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(new RegExp(`/fiches/${SLUG}/$`), { timeout: 15000 });
  const now = read();
  assert(now.includes('\ntitre: Un Repair Café au Breil, à Nantes\n'), 'the new title is in the file');
  assert(bodyOf(now) === bodyOf(original), 'the body kept its bytes');
  const expected = original.replace(/\ntitre: [^\n]*\n/, '\ntitre: Un Repair Café au Breil, à Nantes\n');
  assert(now === expected, 'only the title line changed');
  assert(now.includes('\n# relue par l’équipe en mars 2024\n'), 'the comment is kept');
  // the page shows the change once rebuilt (live reload)
  await page.waitForFunction(() => {
    const h1 = document.querySelector('h1');
    return h1 && h1.textContent.replace(/\s+/g, ' ').trim() === 'Un Repair Café au Breil, à Nantes';
  }, null, { timeout: 15000 }).catch(async (e) => {
    throw new Error(`${e.message}; the page shows « ${await page.$eval('h1', (h) => h.textContent).catch(() => '?')} » at ${page.url()}`);
  });
  await page.close();
});

await test('financeurs : ajouter une ligne l’écrit sous les autres ; un montant illisible est refusé à côté de la liste', async () => {
  const page = await newPage();
  await page.goto(`${base}__recueil/modifier/${SLUG}/`);
  await page.getByRole('button', { name: 'Ajouter un financeur' }).click();
  const row = page.locator('[data-liste=financeurs] [data-ligne]').last();
  assert(await row.locator('input').first().evaluate((e) => e === document.activeElement), 'the new row has the focus');
  await row.getByLabel('Financeur', { exact: true }).fill('CAF de Loire-Atlantique');
  await row.getByLabel('Montant (€)', { exact: true }).fill('beaucoup');
  const before = read();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const err = page.locator('#champ-financeurs-erreur');
  await err.waitFor({ state: 'visible', timeout: 10000 });
  assert((await err.textContent()).includes('« beaucoup »'), await err.textContent());
  assert(read() === before, 'nothing written');
  await row.getByLabel('Montant (€)', { exact: true }).fill('2 500');
  await row.getByLabel('Année', { exact: true }).fill('2024');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(new RegExp(`/fiches/${SLUG}/$`), { timeout: 15000 });
  const now = read();
  assert(now.includes('\n  - { nom: CAF de Loire-Atlantique, montant: 2500, annee: 2024 }\n'), now);
  assert(now.includes('\n  - { nom: Nantes Métropole (appel à projets réduction des déchets), montant: 3000, annee: 2023 }\n'), 'the other funder is kept as written');
  assert(bodyOf(now) === bodyOf(original), 'the body kept its bytes');
  await page.close();
});

await test('vider « Contexte » est refusé : message à côté du champ, rien n’est écrit', async () => {
  const before = read();
  const page = await newPage();
  await page.goto(`${base}__recueil/modifier/${SLUG}/`);
  await page.getByLabel('Contexte', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const err = page.locator('#champ-section-contexte-erreur');
  await err.waitFor({ state: 'visible', timeout: 10000 });
  assert((await err.textContent()).includes('Contexte'), 'the message names the section');
  const field = page.getByLabel('Contexte', { exact: true });
  assert(await field.getAttribute('aria-invalid') === 'true', 'the field is marked invalid');
  assert((await field.getAttribute('aria-describedby')).includes('champ-section-contexte-erreur'), 'the message describes the field');
  await sleep(300);
  assert(read() === before, 'the file is unchanged');
  assert(page.url().includes('__recueil/modifier'), 'the form stays open');
  await page.close();
});

await test('vérifié pendant la frappe : un nombre mal écrit est signalé sans enregistrer', async () => {
  const before = read();
  const page = await newPage(375);
  await page.goto(`${base}__recueil/modifier/${SLUG}/`);
  await page.getByLabel('Participants', { exact: true }).fill('beaucoup');
  const err = page.locator('#champ-chiffres-participants-erreur');
  await err.waitFor({ state: 'visible', timeout: 10000 });
  assert((await err.textContent()).includes('« beaucoup » n\'est pas un nombre entier'), await err.textContent());
  assert(read() === before, 'nothing written by a check');
  // the section's preview, made by recueil's own Markdown pipeline
  await page.getByLabel('Observations', { exact: true }).fill('Un **samedi** par mois !');
  await page.waitForFunction(() => {
    const b = document.getElementById('champ-section-observations-apercu');
    return b && b.innerHTML.includes('<strong>samedi</strong>') && b.textContent.includes('mois\u202f!');
  }, null, { timeout: 10000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `the form is wider than a 375 px phone by ${overflow} px`);
  if (shots) {
    await page.screenshot({ path: path.join(shots, 'editeur-375.png'), fullPage: false });
  }
  await page.close();
});

await test('au clavier seul : Tab atteint le lien, les champs et « Enregistrer »', async () => {
  const page = await newPage();
  await page.goto(`${base}fiches/${SLUG}/`);
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement && document.activeElement.textContent === 'Modifier cette fiche');
  }
  assert(found, 'the link is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/__recueil\/modifier/);
  let reached = false;
  for (let i = 0; i < 120 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.tagName === 'BUTTON');
  }
  assert(reached, '« Enregistrer » is reachable with Tab');
  await page.close();
});

await test('« Nouvelle fiche » : sans « Contexte », refusée à côté du champ et rien n’est écrit ; remplie, elle est écrite', async () => {
  const page = await newPage();
  await page.goto(base);
  await page.getByRole('link', { name: 'Nouvelle fiche' }).click();
  await page.waitForURL(/__recueil\/nouvelle-fiche/);
  assert((await page.getByLabel('Date', { exact: true }).inputValue()).match(/^\d{4}-\d{2}-\d{2}$/), 'today is filled in');
  await page.getByLabel('Titre', { exact: true }).fill('Une laverie solidaire à Dijon');
  await page.getByLabel('Résumé', { exact: true }).fill('Des machines à laver à petit prix et un café pour se rencontrer pendant le lavage.');
  await page.getByLabel('Structure', { exact: true }).fill('CCAS de Dijon');
  await page.getByLabel('Type de structure', { exact: true }).selectOption('ccas');
  await page.getByLabel('Commune', { exact: true }).fill('Dijon');
  await page.getByLabel('Département', { exact: true }).selectOption('21');
  await page.getByLabel('Thématiques', { exact: true }).fill('Lien social, Accès aux droits');
  await page.getByLabel('Publics', { exact: true }).fill('Familles, Personnes isolées');
  await page.getByLabel('Participants', { exact: true }).fill('1 250');
  for (const [label, text] of [['Fonctionnement', 'Ouverte trois jours par semaine.'], ['Bilan', 'Cent familles la première année.'], ['Moyens', 'Deux agents et six machines.'], ['Partenaires', 'La CAF et une association de quartier.']]) {
    await page.getByLabel(label, { exact: true }).fill(text);
  }
  const file = path.join(project, 'fiches', 'une-laverie-solidaire-a-dijon.md');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const err = page.locator('#champ-section-contexte-erreur');
  await err.waitFor({ state: 'visible', timeout: 10000 });
  assert((await err.textContent()).includes('Contexte'), await err.textContent());
  assert(!fs.existsSync(file), 'no file written for a refused fiche');
  await page.getByLabel('Contexte', { exact: true }).fill('Beaucoup de logements du quartier n’ont pas de machine à laver.');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/\/fiches\/une-laverie-solidaire-a-dijon\/$/, { timeout: 15000 });
  const text = fs.readFileSync(file, 'utf8');
  assert(text.startsWith('---\ntitre: Une laverie solidaire à Dijon\n'), text);
  assert(text.includes('  departement: "21"\n') && text.includes('  participants: 1250\n') && text.includes('## Contexte\n\nBeaucoup'), text);
  await page.close();
});

await test('écritures forgées (sans jeton, autre Origin, autre Host) : refusées, rien ne change', async () => {
  const before = read();
  const body = JSON.stringify({ fiche: SLUG, empreinte: 'x', champs: { titre: 'Piraté' } });
  const cases = [
    [{ body }, 403, 'no token'],
    [{ body, token: 'faux' }, 403, 'a wrong token'],
    [{ body, token, origin: 'http://evil.example' }, 403, 'another Origin'],
    [{ body, token, host: 'evil.example' }, 421, 'another Host'],
  ];
  for (const [req, want, what] of cases) {
    const r = await forge(req);
    assert(r.status === want, `${what}: HTTP ${r.status}, expected ${want}`);
  }
  // with the token but a stale fingerprint: refused too (the file changed since)
  const stale = await forge({ body: JSON.stringify({ fiche: SLUG, empreinte, champs: { titre: 'Piraté' } }), token });
  assert(stale.status === 409, `a stale form: HTTP ${stale.status}`);
  assert(read() === before, 'the file is unchanged');
});

await browser.close();
for (const p of problems) { console.log(`problem: ${p}`); }
if (problems.length) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
