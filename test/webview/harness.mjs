// A browser harness for the step webview: a loopback server hands out the page the extension builds (same HTML, same
// CSP) and the bundled dist/webview assets; an init script plays VS Code's part inside the page (acquireVsCodeApi with
// persisted state; the theme's --vscode-* variables, body classes and VS Code's default webview styles, as recorded
// from a real VS Code webview by capture-themes.mjs).
// `StepHost` plays the extension's part from Node: it answers `ready` with the step and records what the page posts.
/* global document, window, sessionStorage -- these run inside the page (page.evaluate) */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { REPO_ROOT, launchChromium } from '../vscode/host.mjs';
import { stepPageHtml } from './hostPage.mjs';

const ASSET_TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.ttf': 'font/ttf' };
// IRP_WEBVIEW_DIST points the harness at another build of the page (to try a change before it lands in src/).
const WEBVIEW_DIST = process.env.IRP_WEBVIEW_DIST || path.join(REPO_ROOT, 'dist', 'webview');
export const STEP_PAGE_PATH = '/step.html';

/** Serves the step page at /step.html and dist/webview/* at /dist/webview/*, on 127.0.0.1 only. */
export async function startPageServer() {
  for (const asset of ['step.js', 'step.css']) {
    if (!fs.existsSync(path.join(WEBVIEW_DIST, asset)))
      throw new Error(`${path.join(WEBVIEW_DIST, asset)} is missing; run npm run build`);
  }
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === STEP_PAGE_PATH) {
      // A fresh page (and nonce) per load, as the extension builds one per panel.
      stepPageHtml(origin).then(
        html => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(html);
        },
        e => {
          res.writeHead(500);
          res.end(String(e));
        },
      );
      return;
    }
    const prefix = '/dist/webview/';
    const name = url.pathname.startsWith(prefix) ? path.basename(url.pathname) : '';
    const file = path.join(WEBVIEW_DIST, name);
    if (!name || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': ASSET_TYPES[path.extname(name)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise(resolve => server.close(resolve)) };
}

/** Runs in the page before its own script, on every load: what VS Code's webview host provides. */
function playVsCodeInPage({ vars, bodyClass, kind, themeName, themeId, defaultStyles }) {
  const STATE_KEY = 'irp-harness-webview-state';
  const applyTheme = () => {
    const root = document.documentElement;
    for (const [name, value] of Object.entries(vars)) root.style.setProperty(name, value);
  };
  // VS Code puts its default styles first in the head; the page's CSP admits them here through the page's nonce.
  const applyDefaultsAndBody = () => {
    const style = document.createElement('style');
    style.id = '_defaultStyles';
    style.nonce = document.querySelector('link[nonce]')?.nonce ?? '';
    style.textContent = defaultStyles;
    document.head.prepend(style);
    document.body.classList.add(bodyClass);
    document.body.dataset.vscodeThemeKind = kind;
    document.body.dataset.vscodeThemeName = themeName;
    document.body.dataset.vscodeThemeId = themeId;
  };
  if (document.documentElement) applyTheme();
  else document.addEventListener('readystatechange', applyTheme, { once: true });
  document.addEventListener('DOMContentLoaded', applyDefaultsAndBody, { once: true });
  window.__irpPosted = [];
  let acquired = false;
  // Like VS Code's: the state crosses to the host as JSON and comes back parsed when the page is loaded again.
  const saved = sessionStorage.getItem(STATE_KEY);
  let state = saved === null ? undefined : JSON.parse(saved);
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage(message) {
        const copy = structuredClone(message);
        window.__irpPosted.push(copy);
        window.__irpToHost?.(copy);
      },
      getState() {
        return state;
      },
      setState(newState) {
        state = newState;
        sessionStorage.setItem(STATE_KEY, JSON.stringify(newState));
        return newState;
      },
    });
  };
  // Every CSP violation the page meets, for the tests to inspect.
  window.__irpCspViolations = [];
  document.addEventListener('securitypolicyviolation', e => {
    window.__irpCspViolations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample });
  });
}

/**
 * The extension's side of one panel. `view` is sent on every `ready` (first load and reloads), followed by the
 * result pages in `results` (re-sent like QueryRuns.resend does).
 */
export class StepHost {
  constructor(page, view) {
    this.page = page;
    this.view = view;
    this.posted = [];
    this.results = new Map();
    this.readyCount = 0;
    /** The host's answers to the page's requests, by request type: a function of the request. Unanswered ones wait. */
    this.answers = {};
    /** What the host remembers of the guidance being collapsed (globalState in the extension). */
    this.guidanceCollapsed = false;
  }

  async attach() {
    await this.page.exposeFunction('__irpToHost', message => this.receive(message));
  }

  receive(message) {
    this.posted.push(message);
    if (message.type === 'ready') {
      this.readyCount++;
      this.replay().catch(e => console.error(`harness host: ${e.stack ?? e}`));
    }
    if (message.type === 'setGuidanceCollapsed') this.guidanceCollapsed = message.collapsed;
    const answer = message.requestId !== undefined && this.answers[message.type];
    if (answer) {
      Promise.resolve(answer(message))
        .then(result => this.send({ type: 'response', requestId: message.requestId, request: message.type, result }))
        .catch(e => console.error(`harness host: ${e.stack ?? e}`));
    }
  }

  async replay() {
    await this.send({ type: 'step', view: this.view, guidanceCollapsed: this.guidanceCollapsed });
    for (const [queryId, { columns, rows }] of this.results) {
      await this.send({ type: 'runStarted', queryId });
      await this.send({ type: 'runRows', queryId, columns, rows: [], reset: true });
      for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) {
        await this.send({ type: 'runRows', queryId, columns, rows: rows.slice(i, i + ROWS_PER_MESSAGE), reset: false });
      }
      await this.send({ type: 'runEnded', queryId, phase: 'done', rowCount: rows.length });
    }
  }

  /** Posts one HostToWebview message to the page, as the webview host delivers it (a window message event). */
  send(message) {
    return this.page.evaluate(m => window.postMessage(m, '*'), message);
  }

  /** Waits until the page has posted a message that `match` accepts (posting reaches Node asynchronously). */
  async waitForPosted(match, what = 'a message') {
    for (let waited = 0; ; waited += 20) {
      const found = this.posted.findLast(match);
      if (found) return found;
      if (waited > 10_000)
        throw new Error(`the page never posted ${what}; it posted ${JSON.stringify(this.posted.map(m => m.type))}`);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  /** Messages of this type the page posted so far. */
  postedOfType(type) {
    return this.posted.filter(m => m.type === type);
  }
}

/** The host's page size (QueryRuns.ROWS_PER_MESSAGE). */
export const ROWS_PER_MESSAGE = 5000;

/** A browser plus the page server; `openPanel` gives a page showing the step in a theme, with its host. */
export async function startHarness() {
  const server = await startPageServer();
  const browser = await launchChromium();
  return {
    server,
    browser,
    async openPanel({ theme, view, viewport = { width: 1100, height: 900 }, beforeLoad, contextOptions = {} }) {
      const context = await browser.newContext({
        ...contextOptions,
        viewport,
        colorScheme: theme.kind === 'vscode-light' ? 'light' : 'dark',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.__dialogs = [];
      page.__errors = [];
      page.on('dialog', d => {
        page.__dialogs.push(d.message());
        d.dismiss().catch(() => {});
      });
      page.on('pageerror', e => page.__errors.push(e.message));
      await page.addInitScript(playVsCodeInPage, {
        vars: theme.vars,
        bodyClass: theme.bodyClass,
        kind: theme.kind,
        themeName: theme.themeName,
        themeId: theme.themeId,
        defaultStyles: theme.defaultStyles,
      });
      const host = new StepHost(page, view);
      await host.attach();
      if (beforeLoad) await beforeLoad(page, host);
      await page.goto(`${server.origin}${STEP_PAGE_PATH}`);
      await page.locator('h1').filter({ hasText: view.title }).waitFor();
      return { page, host, context };
    },
    /**
     * Loads the panel's page again the way VS Code does when a hidden panel is shown again: a new document (no
     * browser scroll restoration), the same webview state.
     */
    async reopenPanel(page, view) {
      await page.goto('about:blank');
      await page.goto(`${server.origin}${STEP_PAGE_PATH}`);
      await page.locator('h1').filter({ hasText: view.title }).waitFor();
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}
