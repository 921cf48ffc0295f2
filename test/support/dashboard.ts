import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SLOW_MS, type TestAccount, type TestSandbox } from './sandbox.js';
import { whenAvailable } from './requirements.js';

// Debian's Chromium, driven by playwright-core (no browser download).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// The few browser globals the page-side callbacks use (the test project has no DOM types).
declare const window: { scrollTo(x: number, y: number): void };
declare const sessionStorage: {
  getItem(name: string): string | null;
  setItem(name: string, value: string): void;
};

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
// Each run writes fresh screenshots here (ignored by git); the README's come from docs/screenshots,
// refreshed by copying the ones worth keeping.
export const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots';
export const KEY_STORAGE = 'card-sandbox.api-key';

// Required in CI (.ci/run installs Debian's chromium); skipped on a laptop that has none.
export const withChromium = whenAvailable(
  `Chromium (${CHROMIUM})`,
  existsSync(CHROMIUM),
  'Install it with `apt-get install -y chromium`, or point CHROMIUM_PATH at a Chromium binary.',
);

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The test file's Chromium: launched in beforeAll, closed in afterAll; read it inside tests. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, SLOW_MS);
  afterAll(async () => {
    await browser?.close();
  }, SLOW_MS);
  return () => {
    if (!browser) throw new Error('Chromium is launched in beforeAll: read it inside a test');
    return browser;
  };
}

export interface OpenOptions {
  hash?: string;
  viewport?: { width: number; height: number };
  /** Replaces every refresh interval of the page (its `?poll_ms=`), so a test sees several quickly. */
  pollMs?: number;
}

/** A fresh browser tab (its own session storage), already holding the account's key unless given none. */
export async function openDashboard(
  browser: Browser,
  sandbox: TestSandbox,
  account: Pick<TestAccount, 'apiKey'> | null,
  { hash = '#/cards', viewport = LAPTOP, pollMs }: OpenOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, baseURL: sandbox.url });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.url });
  if (account) {
    await context.addInitScript(
      ([name, key]) => {
        if (!sessionStorage.getItem(name)) sessionStorage.setItem(name, key);
      },
      [KEY_STORAGE, account.apiKey],
    );
  }
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`/${pollMs ? `?poll_ms=${pollMs}` : ''}${hash}`);
  return page;
}

/** A PNG of the screen as a person sees it on arrival (scrolled to the top) for SCREENSHOTS. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: `${SCREENSHOTS}/${name}.png`,
    animations: 'disabled',
    fullPage,
    style: '.notices { display: none; }',
  });
}
