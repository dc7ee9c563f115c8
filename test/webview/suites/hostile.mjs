// Log data is attacker-controlled: whatever a row, a column name or an error holds is shown as text, and the page's
// CSP stops script that would get in some other way.
/* global document, window, CSS, getComputedStyle -- these run inside the page (page.evaluate) */
import assert from 'node:assert/strict';
import { QUERY_ID, SECOND_QUERY_ID, hostileResult, stepView } from '../fixtures.mjs';
import { settle } from '../table.mjs';

/** Elements that must never come from data: the page itself has exactly one script and no images or SVG. */
function foreignElements(page) {
  return page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    injected: document.querySelectorAll('img, svg, iframe, object, embed, b#escaped, a[href^="javascript" i]').length,
    tables: document.querySelectorAll('table').length,
    flags: Object.keys(window).filter(k => k.startsWith('__pwned')),
  }));
}

const HOSTILE_TEXT = '<img src=x onerror="window.__pwnedText=1"><script>window.__pwnedText=2</script>';

export default function hostileSuite(test) {
  test('hostile rows, column names and errors are shown as text, with no new elements and no dialog', async ({
    open,
  }) => {
    const view = await stepView({
      title: `Step ${HOSTILE_TEXT}`,
      phaseTitle: HOSTILE_TEXT,
      checklist: [{ id: 'c', text: HOSTILE_TEXT }],
      questions: [{ id: 'q', text: HOSTILE_TEXT, suggestions: [HOSTILE_TEXT] }],
      state: {
        status: 'in-progress',
        checklist: {},
        answers: { q: HOSTILE_TEXT },
        notes: '</textarea><script>window.__pwnedText=3</script>',
      },
    });
    const { page, host } = await open({ view });
    const before = await foreignElements(page);
    const { columns, rows } = hostileResult();
    await host.send({ type: 'runStarted', queryId: QUERY_ID });
    await host.send({ type: 'runRows', queryId: QUERY_ID, columns, rows, reset: true });
    await host.send({
      type: 'runEnded',
      queryId: QUERY_ID,
      phase: 'done',
      rowCount: rows.length,
      partialReason: HOSTILE_TEXT,
    });
    await host.send({ type: 'runStarted', queryId: SECOND_QUERY_ID });
    await host.send({
      type: 'runEnded',
      queryId: SECOND_QUERY_ID,
      phase: 'failed',
      rowCount: 0,
      error: { code: '<b id="escaped">X</b>', message: `AccessDenied for ${HOSTILE_TEXT}\nsecond line` },
    });
    await host.send({ type: 'runProgress', queryId: QUERY_ID, message: HOSTILE_TEXT, rowsSoFar: 3 });
    await settle(page);
    await page.waitForTimeout(300); // time for any image error handler or timer to fire
    const after = await foreignElements(page);
    // The one new table is the result grid, mounted when the rows arrived.
    assert.deepEqual(after, { ...before, tables: before.tables + 1, flags: [] });
    assert.equal(after.scripts, 1);
    assert.equal(after.injected, 0);
    assert.deepEqual(page.__dialogs, [], 'no dialog opened');
    const shown = await page.evaluate(id => {
      const card = document.querySelector(`section.query[data-query="${id}"]`);
      return {
        header: [...card.querySelectorAll('th')].map(th => th.textContent.replace(/ [▲▼]$/, '')),
        headerTitles: [...card.querySelectorAll('th button')].map(b => b.title),
        cells: [...card.querySelectorAll('tbody tr:not(.spacer)')].map(
          tr => tr.cells[0].title || tr.cells[0].textContent,
        ),
        longTitle: [...card.querySelectorAll('tbody td')].find(td => td.title.length > 1000)?.title.length,
        rowHeights: [...card.querySelectorAll('tbody tr:not(.spacer)')].map(tr => tr.getBoundingClientRect().height),
        progress: card.querySelector('.progress').textContent,
        title: document.querySelector('h1').textContent,
        question: document.querySelector('.question label').textContent,
        answer: document.querySelector('.question textarea').value,
        notes: document.querySelector('textarea:not([data-question])').value,
        chip: document.querySelector('.chip').textContent,
        error: document.querySelector(`section.query[data-query="${CSS.escape('q-sg-ingress')}"] .problem`).innerText,
      };
    }, QUERY_ID);
    // Reading order puts the event name first; every name and type is shown as text.
    const reading = [columns[1], columns[0], columns[2]];
    assert.deepEqual(
      shown.header,
      reading.map(c => c.name),
    );
    assert.deepEqual(
      shown.headerTitles,
      reading.map(c => `${c.name} (${c.type})`),
    );
    assert.deepEqual(
      shown.cells,
      rows.map(r => r[1]),
      'every value appears exactly as it came, newlines and all',
    );
    assert.equal(shown.longTitle, 20_000);
    assert.ok(
      shown.rowHeights.every(h => h <= 30),
      `rows keep one line whatever they hold: ${shown.rowHeights}`,
    );
    assert.equal(shown.progress, `${HOSTILE_TEXT} · 3 rows so far`);
    assert.equal(shown.title, view.title);
    assert.equal(shown.question, HOSTILE_TEXT);
    assert.equal(shown.answer, HOSTILE_TEXT);
    assert.equal(shown.notes, view.state.notes);
    assert.equal(shown.chip, HOSTILE_TEXT);
    assert.match(shown.error, /AccessDenied for <img src=x/);
    assert.match(shown.error, /<b id="escaped">X<\/b>/);
    const guidance = await page.evaluate(() => ({
      text: document.querySelector('.guidance').textContent,
      links: [...document.querySelectorAll('.guidance a')].map(a => a.href),
    }));
    assert.match(guidance.text, /<img src=x onerror=alert\(1\)>/, 'raw HTML in guidance is text');
    assert.ok(
      guidance.links.every(href => /^https:/.test(href)),
      `only web links: ${guidance.links}`,
    );
    assert.deepEqual(
      await page.evaluate(() => window.__irpCspViolations),
      [],
      'showing hostile text needs no CSP block',
    );
    assert.deepEqual(page.__errors, []);
  });

  test('the CSP blocks inline script, inline handlers, javascript: URLs, eval and unnonced styles', async ({
    open,
  }) => {
    const { page } = await open({ view: await stepView() });
    const outcome = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__pwnedInline = 1';
      document.body.appendChild(script);
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:," onload="window.__pwnedHandler = 1" onerror="window.__pwnedHandler = 2">';
      document.body.appendChild(holder);
      const link = document.createElement('a');
      link.href = 'javascript:window.__pwnedLink=1';
      document.body.appendChild(link);
      link.click();
      // Page code (a script carrying the page's nonce) runs, and eval from page code is refused. The eval waits for
      // a later task: while DevTools evaluates something (this very function), Chromium lets eval through.
      const nonced = document.createElement('script');
      nonced.nonce = document.querySelector('script[nonce]').nonce;
      nonced.textContent = `window.__noncedRan = true;
        setTimeout(() => {
          try { eval('window.__pwnedEval = 1'); } catch { window.__evalRefused = true; }
          try { setTimeout('window.__pwnedTimer = 1', 0); } catch { /* refused either way */ }
          try { new Function('window.__pwnedFunction = 1')(); } catch { window.__functionRefused = true; }
        }, 0);`;
      document.body.appendChild(nonced);
      const remote = document.createElement('script');
      remote.src = 'https://example.com/x.js';
      document.body.appendChild(remote);
      const style = document.createElement('style');
      style.textContent = 'body { display: none !important; }';
      document.head.appendChild(style);
      await new Promise(resolve => setTimeout(resolve, 300));
      holder.remove();
      link.remove();
      script.remove();
      remote.remove();
      style.remove();
      nonced.remove();
      return {
        ran: Object.keys(window).filter(k => k.startsWith('__pwned')),
        noncedRan: window.__noncedRan === true,
        evalRefused: window.__evalRefused === true && window.__functionRefused === true,
        bodyShown: getComputedStyle(document.body).display !== 'none',
        violations: window.__irpCspViolations.map(v => (v.blockedURI === 'eval' ? 'eval' : v.directive)),
      };
    });
    assert.deepEqual(outcome.ran, [], 'no injected code ran');
    assert.equal(outcome.noncedRan, true, 'a script with the page nonce runs (the check itself works)');
    assert.equal(outcome.evalRefused, true, 'eval and new Function are refused');
    assert.equal(outcome.bodyShown, true, 'a style element without the nonce is ignored');
    for (const directive of ['script-src-elem', 'script-src-attr', 'style-src-elem', 'eval']) {
      assert.ok(
        outcome.violations.includes(directive),
        `a ${directive} violation is reported (got ${outcome.violations})`,
      );
    }
    assert.deepEqual(page.__dialogs, []);
  });
}
