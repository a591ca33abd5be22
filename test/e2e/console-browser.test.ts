import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../../infra/toolchain/chromium.ts';
import { ensureConsoleBuilt } from '../../services/console/console-build.ts';
import { storyIdFor } from '../../services/dedupe/routing-pipeline.ts';
import { startPipeline, type RunningPipeline } from '../../services/runtime/pipeline.ts';
import { sampleCopy } from '../../services/runtime/sample-copy.ts';
import { loadConfig } from '../../services/shared/config.ts';
import type { Platform } from '../../services/shared/platform/platform.ts';
import { testPlatform, testPrincipals } from '../support/platform.ts';
import { resetTestEnvironment } from '../support/reset-environment.ts';
import { runId } from '../support/run-id.ts';
import { storyWorkflowId } from '../../workflows/story/story-signals.ts';

/** Screenshots of every view, kept as artefacts of the run (git-ignored). */
const ARTEFACTS = process.env.STORYLINE_ARTEFACTS_DIR ?? fileURLToPath(new URL('../../.storyline/artefacts/console/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const copy = new Map(sampleCopy().map((item) => [item.file, item]));
const run = runId('console');
const provider = `console-wire-${run}`;
const itemId = `geneva-${run}`;
const storyId = storyIdFor({ providerId: provider, providerItemId: itemId });
const storyRow = `li[data-story-id="${storyId}"]`;

let platform: Platform;
let pipeline: RunningPipeline;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let keys: { wire: string; console: string; reader: string };

async function submit(bytes: Buffer, version: number): Promise<void> {
  const response = await fetch(`${pipeline.ingestUrl}/v1/items`, {
    method: 'POST',
    body: bytes,
    headers: { authorization: `Bearer ${keys.wire}`, 'content-type': 'text/plain', 'storyline-item-id': itemId, 'storyline-item-version': String(version) },
  });
  expect(response.status).toBe(202);
}

async function screenshot(target: Page, name: string, fullPage = true): Promise<void> {
  await target.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage });
}

/** axe-core in the page: no serious or critical issue. */
async function expectAccessible(target: Page, view: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag would be refused).
  if (!(await target.evaluate(() => 'axe' in globalThis))) await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `${view}: ${JSON.stringify(violations)}`).toEqual([]);
}

async function signIn(target: Page, key: string): Promise<void> {
  await target.goto(`${pipeline.apiUrl}/console/`);
  await target.getByLabel('API key').fill(key);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('heading', { name: 'Stories', level: 1 }).waitFor();
}

describe('the web console in headless Chromium', () => {
  beforeAll(async () => {
    // A missing browser fails here, loudly, with what to install: never a skip.
    const executablePath = ensureChromium();
    ensureConsoleBuilt();
    mkdirSync(ARTEFACTS, { recursive: true });
    await resetTestEnvironment(loadConfig());
    platform = await testPlatform();
    const principals = testPrincipals();
    keys = {
      wire: principals.issueKey(provider, 'Console Wire', 'provider'),
      console: principals.issueKey(`console-${run}`, 'Console operator', 'operator', ['stories:read', 'ops:read', 'ops:write']),
      reader: principals.issueKey(`reader-${run}`, 'Reader', 'consumer'),
    };
    pipeline = await startPipeline(platform, principals, { ingestPort: 0, apiPort: 0, adminPort: 0 });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await desktop.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
    await platform?.close();
  });

  it('signs in with a key: the server sets an HttpOnly session cookie, the key is never in the URL', async () => {
    await page.goto(`${pipeline.apiUrl}/console/`);
    await page.getByLabel('API key').fill('sk_000000000000.wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await signIn(page, keys.console);
    const cookies = await desktop.cookies();
    expect(cookies.find((c) => c.name === 'storyline_console')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(page.url()).not.toContain(keys.console.slice(0, 16));
    // A state-changing call without the CSRF token is refused even with the cookie.
    const refused = await page.evaluate(async () => (await fetch('/console/api/ops/dead-letters/dedupe-router:0/redrive', { method: 'POST', body: '{}' })).status);
    expect(refused).toBe(403);
  });

  it('shows a story appear live after an ingest, without a reload', async () => {
    await page.locator('.live.live').waitFor();
    await expect(page.locator(storyRow).count()).resolves.toBe(0);
    await submit(copy.get('01-geneva-talks.txt')!.bytes, 1);
    await page.locator(storyRow).waitFor({ timeout: 90_000 });
    await expect(page.locator(`${storyRow} .headline`).textContent()).resolves.toMatch(/United States and Russia/);
    await expectAccessible(page, 'stories');
    await screenshot(page, 'stories');
  });

  it('opens the story: current version with entities highlighted, places on the map, event history with a Temporal link', async () => {
    await page.locator(`${storyRow} .headline`).click();
    await page.locator('#story-title').waitFor();
    await page.locator('mark.entity').first().waitFor({ timeout: 90_000 });
    await page.locator('.map svg circle').first().waitFor({ timeout: 60_000 });
    await page.locator('.history li').first().waitFor({ timeout: 60_000 });
    const workflowLink = await page.locator('.history').locator('xpath=..').getByRole('link', { name: `story/${storyId}` }).getAttribute('href');
    expect(workflowLink).toBe(`http://127.0.0.1:${loadConfig().temporal.uiPort}/namespaces/${loadConfig().temporal.namespace}/workflows/${encodeURIComponent(storyWorkflowId(storyId, loadConfig().kafkaPrefix))}`);
    await expectAccessible(page, 'story');
  });

  it('shows version 2 with its paragraph-level diff after an update', async () => {
    await submit(copy.get('02-geneva-talks-update.txt')!.bytes, 2);
    const version2 = page.locator('[data-version="2"]');
    await version2.locator('.diff ins').first().waitFor({ timeout: 90_000 });
    await expect(version2.locator('h3').textContent()).resolves.toContain('Version 2');
    await page.locator('[data-version="1"]').waitFor();
    await expectAccessible(page, 'story with versions');
    await screenshot(page, 'story');
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await screenshot(page, 'story-top', false);
  });

  it('shows the kill, on the story and in the list', async () => {
    await submit(Buffer.from('KILL: Geneva talks story withdrawn\n\ndate 2022-01-22 GENEVA – This story has been withdrawn by the provider.\n'), 3);
    await page.locator('.banner.killed').waitFor({ timeout: 90_000 });
    await expect(page.locator('.banner.killed').textContent()).resolves.toContain('Killed');
    await screenshot(page, 'story-killed');
    await page.getByRole('link', { name: '← Stories' }).click();
    await page.locator(`${storyRow} .badge.killed`).waitFor({ timeout: 30_000 });
  });

  it('the pipeline view shows lag per group and partition and re-drives a dead letter', async () => {
    const producer = platform.kafka.producer();
    await producer.connect();
    await producer.send({ topic: platform.topics.submissions.name, messages: [{ key: `poison-${run}`, value: Buffer.from('not an Avro record') }] });
    await producer.disconnect();
    await page.getByRole('link', { name: 'Pipeline' }).click();
    await page.locator('table.lag tr[data-group="dedupe-router"]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('table.lag tr[data-group="projection"]').count()).toBeGreaterThanOrEqual(1);
    const letter = page.locator('li[data-dead-letter^="dedupe-router:"]').first();
    await letter.waitFor({ timeout: 60_000 });
    await expect(letter.locator('.badge').textContent()).resolves.toBe('avro_bad_framing');
    await letter.getByRole('button', { name: /Re-drive dead letter/ }).click();
    await letter.locator('.redriven').waitFor({ timeout: 30_000 });
    await expect(letter.locator('.redriven').textContent()).resolves.toContain(`Re-driven by console-${run}`);
    await expectAccessible(page, 'pipeline');
    await screenshot(page, 'pipeline');
  });

  it('fits a 390x844 phone screen without horizontal scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const small = await phone.newPage();
      await signIn(small, keys.console);
      type Root = { documentElement: { scrollWidth: number; clientWidth: number } };
      const overflow = () => small.evaluate(() => ((globalThis as unknown as { document: Root }).document.documentElement.scrollWidth - (globalThis as unknown as { document: Root }).document.documentElement.clientWidth));
      await small.locator(storyRow).waitFor({ timeout: 30_000 });
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(small, 'phone-stories');
      await small.goto(`${pipeline.apiUrl}/console/#/story/${encodeURIComponent(storyId)}`);
      await small.locator('.banner.killed').waitFor({ timeout: 30_000 });
      expect(await overflow()).toBeLessThanOrEqual(0);
      await small.goto(`${pipeline.apiUrl}/console/#/pipeline`);
      await small.locator('table.lag').first().waitFor({ timeout: 30_000 });
      await small.locator('li[data-dead-letter]').first().waitFor({ timeout: 30_000 });
      expect(await overflow()).toBeLessThanOrEqual(0);
      await expectAccessible(small, 'pipeline on a phone');
      await screenshot(small, 'phone-pipeline');
    } finally {
      await phone.close();
    }
  });

  it('a reader key sees the story views but not the pipeline', async () => {
    const context = await browser.newContext();
    try {
      const reader = await context.newPage();
      await signIn(reader, keys.reader);
      expect(await reader.getByRole('link', { name: 'Pipeline' }).count()).toBe(0);
      const status = await reader.evaluate(async () => (await fetch('/console/api/ops/status')).status);
      expect(status).toBe(403);
    } finally {
      await context.close();
    }
  });
});
