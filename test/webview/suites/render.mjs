// The step message draws every part of the panel, and what the user does is posted to the host.
/* global document, window -- these run inside the page (page.evaluate) */
import assert from 'node:assert/strict';
import { QUERY_ID, SECOND_QUERY_ID, stepView } from '../fixtures.mjs';

export default function renderSuite(test) {
  test('the step message renders guidance, checklist, questions, notes, parameters and query cards', async ({
    open,
  }) => {
    const view = await stepView();
    const { page, host } = await open({ view });
    assert.equal(host.postedOfType('ready').length, 1, 'the page posts ready once');
    const drawn = await page.evaluate(() => {
      const text = sel => document.querySelector(sel)?.textContent?.trim();
      return {
        title: text('h1'),
        context: text('.step-header .step-context'),
        status: text('.status'),
        guidanceStrong: text('.guidance strong'),
        guidanceLinks: [...document.querySelectorAll('.guidance a')].map(a => a.getAttribute('href')),
        guidanceListItems: document.querySelectorAll('.guidance ol li').length,
        checklist: [...document.querySelectorAll('.checklist li')].map(li => ({
          label: li.textContent.trim(),
          checked: li.querySelector('input').checked,
        })),
        questions: [...document.querySelectorAll('.question')].map(q => ({
          label: q.querySelector('label').textContent,
          answer: q.querySelector('textarea').value,
          chips: [...q.querySelectorAll('.chip')].map(c => c.textContent),
        })),
        notes: document.querySelector('.card textarea:not([data-question])')?.value,
        parameterLabels: [...document.querySelectorAll('.field label')].map(l => l.textContent),
        parameterValues: [...document.querySelectorAll('.field input')].map(i => i.value),
        queries: [...document.querySelectorAll('section.query')].map(q => ({
          id: q.dataset.query,
          title: q.querySelector('.query-title').textContent,
          engine: q.querySelector('.badge').textContent,
          code: q.querySelector('code').textContent,
          runDisabled: q.querySelector('button.primary').disabled,
        })),
        runsListed: [...document.querySelectorAll('.runs li')].map(li => li.textContent),
        nav: [...document.querySelectorAll('.step-nav button')].map(b => b.textContent),
      };
    });
    assert.equal(drawn.title, view.title);
    assert.match(drawn.context, /Detection and Analysis/);
    assert.equal(drawn.status, 'In progress');
    assert.equal(drawn.guidanceStrong, 'every');
    assert.deepEqual(drawn.guidanceLinks, ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/']);
    assert.equal(drawn.guidanceListItems, 2);
    assert.deepEqual(drawn.checklist, [
      { label: 'Compared every change with its change ticket', checked: true },
      { label: 'Listed the principals that made changes', checked: false },
    ]);
    assert.deepEqual(
      drawn.questions.map(q => q.label),
      view.questions.map(q => q.text),
    );
    assert.equal(drawn.questions[0].answer, 'Security groups');
    assert.deepEqual(drawn.questions[0].chips, ['Security groups', 'Route tables', 'NACLs']);
    assert.equal(drawn.notes, view.state.notes);
    assert.equal(drawn.parameterLabels.length, 3);
    assert.match(drawn.parameterLabels[0], /Window start/);
    assert.deepEqual(drawn.parameterValues, ['2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z', 'us-east-1']);
    assert.deepEqual(
      drawn.queries.map(q => [q.id, q.engine]),
      [
        [QUERY_ID, 'Amazon Athena'],
        [SECOND_QUERY_ID, 'CloudTrail event history'],
      ],
    );
    assert.equal(drawn.queries[0].code, view.queries[0].text);
    assert.equal(drawn.queries[0].runDisabled, false, 'valid parameters leave Run enabled');
    assert.equal(drawn.runsListed.length, 1);
    assert.match(drawn.runsListed[0], /3 rows/);
    assert.match(drawn.runsListed[0], /incidents\/evidence\/run-1\.jsonl/);
    assert.deepEqual(drawn.nav, ['Previous: Confirm CloudTrail logging', 'Next: Contain the network changes']);
    assert.deepEqual(await page.evaluate(() => window.__irpCspViolations), [], 'drawing the step breaks no CSP rule');
    assert.deepEqual(page.__errors, []);
  });

  test('typing and clicking post the matching messages to the host', async ({ open }) => {
    const view = await stepView();
    const { page, host } = await open({ view });
    const last = type => host.postedOfType(type).at(-1);
    const answer = page.getByLabel('Who made the changes, and were they authorised?');
    await answer.pressSequentially('Ops <b>team</b> 値班', { delay: 2 });
    await page.getByLabel('Notes').fill('');
    await page.getByLabel('Notes').pressSequentially('Called AWS support', { delay: 2 });
    await page.getByLabel('Listed the principals that made changes').check();
    await page.getByRole('button', { name: 'Route tables' }).click();
    await page.getByRole('button', { name: 'Mark done' }).click();
    await page.getByLabel(/Window end/).fill('not a time');
    await page.getByRole('button', { name: 'Next: Contain the network changes' }).click();
    await page.locator(`section.query[data-query="${SECOND_QUERY_ID}"] button.primary`).click();
    await page.getByRole('button', { name: 'Open' }).click();
    await host.waitForPosted(m => m.type === 'openEvidence', 'openEvidence');
    assert.deepEqual(
      host
        .postedOfType('setAnswer')
        .filter(m => m.questionId === 'q-who')
        .at(-1),
      { type: 'setAnswer', questionId: 'q-who', value: 'Ops <b>team</b> 値班' },
    );
    assert.equal(
      host.postedOfType('setAnswer').filter(m => m.questionId === 'q-who').length,
      'Ops <b>team</b> 値班'.length,
      'one message per keystroke, each with the whole answer',
    );
    assert.deepEqual(last('setNotes'), { type: 'setNotes', value: 'Called AWS support' });
    assert.deepEqual(last('setChecklist'), { type: 'setChecklist', itemId: 'check-principals', checked: true });
    assert.deepEqual(
      host
        .postedOfType('setAnswer')
        .filter(m => m.questionId === 'q-what-changed')
        .at(-1),
      { type: 'setAnswer', questionId: 'q-what-changed', value: 'Security groups\nRoute tables' },
      'a suggestion adds a line',
    );
    assert.deepEqual(last('setStatus'), { type: 'setStatus', status: 'done' });
    assert.deepEqual(last('setParameter'), { type: 'setParameter', name: 'end', value: 'not a time' });
    assert.deepEqual(last('openStep'), { type: 'openStep', stepId: 'contain-network' });
    const { requestId, ...run } = last('run');
    assert.deepEqual(run, { type: 'run', queryId: SECOND_QUERY_ID });
    assert.equal(typeof requestId, 'number', 'a run is a request the host answers');
    assert.deepEqual(last('openEvidence'), { type: 'openEvidence', path: 'incidents/evidence/run-1.jsonl' });
    const blocked = await page.evaluate(id => {
      const run = document.querySelector(`section.query[data-query="${id}"] button.primary`);
      return {
        disabled: run.disabled,
        title: run.title,
        message: document.querySelectorAll('.field-message')[1].textContent,
      };
    }, QUERY_ID);
    assert.equal(blocked.disabled, true, 'an invalid parameter blocks the query that uses it');
    assert.match(blocked.title, /parameters/);
    assert.match(blocked.message, /Window end/);
  });

  test('a run shows Cancel while it runs, then its outcome; a missing step is explained', async ({ open }) => {
    const view = await stepView();
    const { page, host } = await open({ view });
    const card = page.locator(`section.query[data-query="${QUERY_ID}"]`);
    await host.send({ type: 'runStarted', queryId: QUERY_ID });
    await host.send({ type: 'runProgress', queryId: QUERY_ID, message: 'Scanned 1.2 GB', rowsSoFar: 1500 });
    await card.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await host.waitForPosted(m => m.type === 'cancel', 'cancel'), {
      type: 'cancel',
      queryId: QUERY_ID,
    });
    assert.equal(await card.locator('button.primary').isDisabled(), true, 'Run waits while the query runs');
    assert.equal(await card.locator('.progress').textContent(), 'Scanned 1.2 GB · 1,500 rows so far');
    await host.send({ type: 'runEnded', queryId: QUERY_ID, phase: 'cancelled', rowCount: 0 });
    assert.equal(await card.getByRole('button', { name: 'Cancel' }).isHidden(), true);
    assert.match(await card.locator('.progress').textContent(), /^Cancelled\./);
    await host.send({ type: 'runStarted', queryId: QUERY_ID });
    await host.send({ type: 'runEnded', queryId: QUERY_ID, phase: 'done', rowCount: 10_000, partialReason: 'row cap' });
    assert.equal(await card.locator('.progress').textContent(), 'Partial result: row cap');
    await host.send({ type: 'runStarted', queryId: QUERY_ID });
    await host.send({ type: 'runEnded', queryId: QUERY_ID, phase: 'done', rowCount: 0 });
    assert.equal(await card.locator('.progress').textContent(), 'The query returned no rows.');
    await host.send({ type: 'stepMissing', stepId: view.stepId, reason: 'The playbook no longer has step <b>x</b>.' });
    const alert = page.getByRole('alert');
    assert.equal(await alert.locator('h2').textContent(), 'This step cannot be shown');
    assert.equal(await alert.locator('p').textContent(), 'The playbook no longer has step <b>x</b>.');
    await host.send({ type: 'step', view });
    await page.locator('h1').filter({ hasText: view.title }).waitFor();
  });
}
