// Opens Godwit's status page in Debian's headless Chromium and prints, as JSON, what a person sees:
// the phase badge, the cards, the table rows, the cutover steps, the chart and the reverse stream;
// then waits for the page to refresh itself to a new phase, and takes a full-page screenshot.
//   node ops/browser/status-page.mjs URL SCREENSHOT.png
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('requestfailed', r => errors.push('request failed: ' + r.url()));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#tables tbody tr').length > 0,
    null, { timeout: 15000 });
  const read = () => page.evaluate(() => ({
    title: document.title,
    migration: document.getElementById('migration').innerText,
    phase: document.getElementById('phase').innerText,
    lag: document.getElementById('lag').innerText,
    rate: document.getElementById('rate').innerText,
    behind: document.getElementById('behind').innerText,
    cutover: document.getElementById('cutover').innerText,
    headers: [...document.querySelectorAll('#tables thead th')].map(th => th.innerText),
    rows: [...document.querySelectorAll('#tables tbody tr')].map(tr => [...tr.cells].map(td => td.innerText)),
    steps: [...document.querySelectorAll('#steps li')].map(li => li.innerText),
    cutoverError: document.getElementById('cutover-error').innerText,
    chartLines: document.querySelectorAll('#chart path').length,
    thresholdLines: document.querySelectorAll('#chart line').length,
    chartLabel: document.getElementById('chart-label').innerText,
    reverseShown: !document.getElementById('reverse').hidden,
    reverseSummary: document.getElementById('reverse-summary').innerText,
    reverseRows: [...document.querySelectorAll('#reverse-tables tbody tr')].map(tr => [...tr.cells].map(td => td.innerText)),
    reverseRollback: document.getElementById('reverse-rollback').innerText,
  }));
  const first = await read();
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.waitForFunction(p => document.getElementById('phase').innerText !== p,
    first.phase, { timeout: 10000 });
  const later = await read();
  console.log(JSON.stringify({ first, later, errors }));
} finally {
  await browser.close();
}
