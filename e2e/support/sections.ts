import { expect, request as playwrightRequest } from '@playwright/test';
import { storageStatePath } from './accounts';

/** Waits until the console itself reports `sectionId` at `severity` (the simulator needs a few scrapes after a switch). */
export async function waitForSeverity(sectionId: string, severity: string, consoleUrl = process.env.E2E_CONSOLE_URL!): Promise<void> {
  const viewer = await playwrightRequest.newContext({ baseURL: consoleUrl, storageState: storageStatePath('viewer') });
  try {
    await expect
      .poll(async () => ((await (await viewer.get('/api/sections')).json()) as { sections?: { id: string; severity: string }[] }).sections?.find((s) => s.id === sectionId)?.severity, {
        timeout: 90_000,
        message: `${sectionId} at ${severity}`,
      })
      .toBe(severity);
  } finally {
    await viewer.dispose();
  }
}

/** A CSS custom property of the page's root, resolved to the colour the browser computes for it. */
export async function resolveColour(page: import('@playwright/test').Page, variable: string): Promise<string> {
  return page.evaluate((name) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, variable);
}
