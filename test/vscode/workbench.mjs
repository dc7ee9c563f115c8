// What the UI test does with VS Code's own parts, as a person would: the views of the IR Playbook container and
// their title-bar buttons, the command palette, the quick input, editor tabs and webview pages.
import { until } from './checks.mjs';

/** A view of the side bar (its pane), by the title its header shows. */
export function pane(page, title) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^${title}`, 'i') }) });
}

/**
 * Expands or collapses a view by clicking its header, when it is not already so. A list draws only the rows in
 * view: collapsing one view gives the other the height to show all its rows.
 */
export async function setPaneExpanded(page, title, expanded) {
  const header = pane(page, title).locator('.pane-header').first();
  await header.waitFor();
  // On its title: the middle of the header holds the view's buttons once the pointer is over it.
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.locator('.title').first().click();
  await page
    .locator(`.pane-header[aria-expanded="${expanded}"]`, { hasText: new RegExp(`^${title}`, 'i') })
    .first()
    .waitFor();
}

/** Clicks a button of a view's title bar; they show while the pointer is over the view. */
export async function clickViewAction(page, title, action) {
  const view = pane(page, title).first();
  await view.locator('.pane-header').hover();
  await view.locator('.pane-header').getByRole('button', { name: action, exact: true }).click();
}

/** Runs a command by its title from the command palette (F1). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Closes an editor tab with its close button. */
export async function closeTab(page, name) {
  const tab = page.getByRole('tab', { name }).first();
  await tab.hover();
  await tab.locator('.tab-actions').getByRole('button').first().click();
  await tab.waitFor({ state: 'detached' });
}

/**
 * The page of an open webview that shows `selector` (a webview is two nested frames; hidden ones draw nothing, so
 * the visible element tells the webview apart from the others).
 */
export function webviewShowing(page, selector, what) {
  return until(what, async () => {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      if (
        await frame
          .locator(selector)
          .first()
          .isVisible()
          .catch(() => false)
      )
        return frame;
    }
    return undefined;
  });
}

/** The quick input while it asks `title` (1/4, 2/4...), answered with `text` (empty: Enter keeps the proposal). */
export async function answerPrompt(page, title, text) {
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.locator('.quick-input-title', { hasText: title }).waitFor();
  const box = quickInput.locator('input').first();
  if (text) await box.fill(text);
  await box.press('Enter');
  await quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'hidden' });
}
