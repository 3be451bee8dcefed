// Lighthouse (mobile, default simulated throttling) and axe on the storefront's home, product and order pages
// of every bundled theme, against a demo store started from app/target/kamishop.jar and Debian's Chromium.
// Writes bench/results/<UTC time>-page-quality.json and .md; exits 1 when a page misses the bar.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const jar = process.env.KAMISHOP_JAR || join(root, 'app', 'target', 'kamishop.jar');
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const bar = Number(process.env.PAGE_QUALITY_BAR || 95);
const runsPerPage = Number(process.env.PAGE_QUALITY_RUNS || 3);
// PAGE_QUALITY_REPORTS=<dir>: also keep the median run's full Lighthouse report of each page there (to read its diagnostics).
const reportsDir = process.env.PAGE_QUALITY_REPORTS || '';
let currentTheme = '';
const onlyThemes = (process.env.PAGE_QUALITY_THEMES || '').split(',').filter(Boolean);
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const adminToken = 'page-quality-' + process.pid;
const sandboxSecret = 'page-quality-sandbox-' + process.pid;

const themes = readFileSync(join(root, 'themes', 'bundled.txt'), 'utf8').split('\n')
  .map((line) => line.trim()).filter((line) => line && !line.startsWith('#'))
  .filter((name) => onlyThemes.length === 0 || onlyThemes.includes(name));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

async function api(base, method, path, body, admin) {
  const headers = { 'Content-Type': 'application/json' };
  if (admin) headers.Authorization = 'Bearer ' + adminToken;
  const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
}

async function startStore() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'kamishop-page-quality-'));
  const store = spawn('java', ['-Xmx256m', '-jar', jar, '--demo', '--data-dir', dataDir, '--port', String(port)], {
    env: { ...process.env, KAMISHOP_ADMIN_TOKEN: adminToken, KAMISHOP_SANDBOX_SECRET: sandboxSecret, KAMISHOP_BIND: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(base + '/health')).ok) break; } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { base, stop: () => { store.kill(); rmSync(dataDir, { recursive: true, force: true }); } };
}

// A paid, delivered order: the order page a buyer keeps open, with its keys. Audited by its order link, as a buyer opens
// it: the store answers 303 to /orders/{no} with the order's cookie, Lighthouse and the axe page follow it (each
// Lighthouse run starts with cleared storage, so each goes through the hand-off), and what they measure is the page the
// buyer lands on; each result records that address (landedOn).
async function deliveredOrderUrl(base, productId) {
  const order = await api(base, 'POST', '/api/orders', { productId, quantity: 1, email: 'buyer@example.com', channel: 'sandbox' });
  const body = JSON.stringify({ orderNo: order.orderNo, amount: order.amount, tradeNo: 'pq-' + order.orderNo });
  const signature = createHmac('sha256', sandboxSecret).update(body).digest('hex');
  const answer = await fetch(base + '/api/payments/sandbox/notify',
    { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sandbox-Signature': signature }, body });
  if (!answer.ok) throw new Error('sandbox notify → ' + answer.status);
  for (let i = 0; i < 40; i++) {
    const now = await api(base, 'GET', `/api/orders/${order.orderNo}?token=${order.lookupToken}`);
    if (now.status === 'delivered') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return `${base}/orders/${encodeURIComponent(order.orderNo)}?token=${encodeURIComponent(order.lookupToken)}`;
}

// Lighthouse advises the median of several runs: on a shared machine one run's CPU-bound numbers (TBT) swing widely.
// A run that ends in a runtime error (NO_NAVSTART, NO_FCP: Chromium's trace lost the navigation, which happens on a
// loaded machine) measured nothing: it scores 0 and would drag the median down, so it is noted and run again
// (at most runsPerPage extra attempts).
async function medianLighthouse(port, url) {
  const runs = [];
  const runtimeErrors = [];
  for (let attempt = 0; runs.length < runsPerPage && attempt < runsPerPage * 2; attempt++) {
    const { lhr } = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: categories });
    if (lhr.runtimeError) runtimeErrors.push(lhr.runtimeError.code);
    else runs.push(lhr);
  }
  if (runs.length === 0) throw new Error(`every Lighthouse run of ${url} failed: ${runtimeErrors.join(', ')}`);
  runs.sort((a, b) => (a.categories.performance.score ?? 0) - (b.categories.performance.score ?? 0));
  return { lhr: runs[Math.floor(runs.length / 2)], performanceRuns: runs.map((r) => Math.round((r.categories.performance.score ?? 0) * 100)),
    runtimeErrors };
}

async function audit(browser, url) {
  const port = Number(new URL(browser.wsEndpoint()).port);
  const { lhr, performanceRuns, runtimeErrors } = await medianLighthouse(port, url);
  if (reportsDir) {
    const name = new URL(url).pathname.replace(/[^a-z0-9]+/gi, '_') || 'home';
    writeFileSync(join(reportsDir, `${currentTheme}-${name}.json`), JSON.stringify(lhr));
  }
  const scores = Object.fromEntries(categories.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual'
      && a.scoreDisplayMode !== 'notApplicable')
    .filter((a) => categories.some((c) => lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0)))
    .map((a) => `${a.id} (${a.displayValue || a.score})`);

  const seoFailing = lhr.categories.seo.auditRefs.filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
    .map((r) => r.id);

  const page = await browser.newPage();
  await page.setBypassCSP(true); // the store's CSP rightly refuses the injected axe script
  await page.setViewport({ width: 412, height: 823, isMobile: true });
  await page.goto(url, { waitUntil: 'networkidle0' });
  const axeUrl = page.url();
  await page.addScriptTag({ path: join(here, 'node_modules', 'axe-core', 'axe.min.js') });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  await page.close();
  return { url, landedOn: lhr.finalDisplayedUrl, scores, performanceRuns, runtimeErrors, failing, seoFailing, axe, axeOn: axeUrl };
}

const loadAtStart = loadavg();
const store = await startStore();
const browser = await puppeteer.launch({
  executablePath: chromePath, headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--remote-debugging-port=0'],
});
const results = [];
try {
  const products = await api(store.base, 'GET', '/api/products');
  // Categories give the shelf pages their category row (the tabs of kami-classic), as most stores have them.
  for (const [i, p] of products.entries()) {
    await api(store.base, 'PUT', `/api/admin/products/${p.id}`, { category: i < 2 ? 'Gift cards' : 'Software' }, true);
  }
  const product = products.find((p) => p.available > 0) || products[0];
  const orderUrl = await deliveredOrderUrl(store.base, product.id);
  const pages = { home: store.base + '/', product: `${store.base}/products/${product.id}`, order: orderUrl };
  for (const theme of themes) {
    await api(store.base, 'PUT', '/api/admin/settings', { theme }, true);
    currentTheme = theme;
    for (const [name, url] of Object.entries(pages)) {
      const r = await audit(browser, url);
      results.push({ theme, page: name, loadAverage1m: loadavg()[0], ...r, url: r.url.replace(store.base, '').replace(/token=[^&]+/, 'token=…'),
        landedOn: r.landedOn.replace(store.base, '').replace(/token=[^&]+/, 'token=…'), axeOn: r.axeOn.replace(store.base, '').replace(/token=[^&]+/, 'token=…') });
      console.error(theme, name, JSON.stringify(r.scores), r.performanceRuns.join('/'), r.runtimeErrors.join(' '), 'axe:', r.axe.length, r.failing.join(', '));
    }
  }
} finally {
  await browser.close();
  store.stop();
}

// No exceptions: since the order link hands its token over to a cookie, /orders/{no} is crawlable (robots.txt keeps out
// only the token links, the keys file and the downloads), so the order page meets the bar in SEO like every other page.
const pass = results.every((r) => categories.every((c) => r.scores[c] >= bar) && r.axe.length === 0);
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const out = join(root, 'bench', 'results', `${stamp}-page-quality`);
const lighthouseVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
const axeVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'axe-core', 'package.json'), 'utf8')).version;
const chromium = (await import('node:child_process')).execFileSync(chromePath, ['--version']).toString().trim();
writeFileSync(out + '.json', JSON.stringify({ when: new Date().toISOString(), lighthouse: lighthouseVersion, axe: axeVersion, chromium,
  formFactor: 'mobile', throttling: 'simulated (Lighthouse default)', runsPerPage, loadAverageAtStart: loadAtStart, loadAverage: loadavg(), bar, results }, null, 2) + '\n');
const rows = results.map((r) => `| ${r.theme} | ${r.page}${r.landedOn !== r.url ? ` (${r.url} → ${r.landedOn})` : ''} | ${r.scores.performance} [${r.performanceRuns.join(', ')}] | ${categories.slice(1).map((c) => r.scores[c]).join(' | ')} | ${r.axe.length === 0 ? 0 : r.axe.map((v) => v.id).join(', ')} | ${[...new Set(r.runtimeErrors || [])].concat(r.failing).join(', ') || '–'} |`);
writeFileSync(out + '.md', [
  `# Page quality ${new Date().toISOString()}`, '',
  `Lighthouse ${lighthouseVersion} (mobile, simulated throttling; median of ${runsPerPage} runs, performance of each run in brackets), axe-core ${axeVersion}, ${chromium}; bar ${bar}; load average at the start ${loadAtStart.map((l) => l.toFixed(1)).join(' ')}, at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}; runs that ended in a Lighthouse runtime error were run again and are named in the last column.`, '',
  '| theme | page | performance | accessibility | best practices | SEO | axe violations | audits not passed |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n'));
console.log(JSON.stringify({ results: out + '.json', pass }));
process.exit(pass ? 0 : 1);
