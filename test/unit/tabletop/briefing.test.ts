import assert from 'node:assert/strict';
import { briefingHtml, parseScenario, playerView, type BriefingLabels } from '../../../src/core/tabletop/index';
import { bundledScenario, minimalScenario } from './helpers';

const LABELS: BriefingLabels = {
  injects: 'Injects',
  story: 'The story',
  questions: 'Questions for the team',
  noInjectYet: 'No inject has been released yet.',
  allOut: 'All injects are out.',
  releasedAt: 'Released {0}',
  pending: '{0} more to come.',
};

describe("tabletop players' briefing", () => {
  it("never carries the facilitator's notes or the expected findings, even with every inject out", () => {
    const scenario = bundledScenario();
    const all = scenario.injects.map(i => ({ id: i.id, at: '2026-12-07T06:00:00Z' }));
    const html = briefingHtml(playerView(scenario, all), LABELS);
    const secrets = [
      'What actually happened',
      'A developer pasted a debugging snippet',
      'The decoy',
      'Timeline (UTC) for your reference',
      ...scenario.findings.flatMap(f => [f.title, f.description.split('\n')[0]]),
      'DeleteAccessKey',
      'f-key-deleted',
      'delet* key',
      'match',
    ];
    for (const secret of secrets) assert.ok(!html.includes(secret), `the briefing shows "${secret}"`);
    // What the players must see is there.
    assert.ok(html.includes('Northwind Parcel runs its parcel-tracking API'));
    assert.ok(html.includes('Finance forwards a Cost Anomaly Detection alert'));
    assert.ok(html.includes('Did data leave the account?'));
  });

  it('shows only the released injects, newest first, and counts the rest', () => {
    const scenario = bundledScenario();
    const none = briefingHtml(playerView(scenario, []), LABELS);
    assert.match(none, /No inject has been released yet\./);
    assert.match(none, new RegExp(`${scenario.injects.length} more to come\\.`));
    assert.ok(!none.includes('Finance forwards'));
    const two = briefingHtml(
      playerView(scenario, [
        { id: 'page', at: '2026-12-07T06:00:00Z' },
        { id: 'bill', at: '2026-12-07T06:10:00Z' },
      ]),
      LABELS,
    );
    assert.ok(two.indexOf('id="inject-bill"') < two.indexOf('id="inject-page"'), 'newest first');
    assert.match(two, /Released 2026-12-07T06:10:00Z/);
    assert.ok(!two.includes('The alarms that did not fire'), 'an inject not released is not shown');
    assert.match(two, new RegExp(`${scenario.injects.length - 2} more to come\\.`));
  });

  it('shows hostile scenario text as text', () => {
    const { scenario } = parseScenario(
      minimalScenario({
        injects:
          '### T+00:05 <img src=x onerror=alert(1)> {#evil}\n\n<script>alert(2)</script> ![t](http://x.test/t.png)\n',
        questions: '- <b>bold</b>? {#q}\n',
      }),
    );
    assert.ok(scenario);
    const html = briefingHtml(playerView(scenario, [{ id: 'evil', at: '2026-12-07T06:00:00Z' }]), LABELS);
    assert.ok(!/<script|<img|<b>/i.test(html), html);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(html, /<a href="http:\/\/x.test\/t.png">t<\/a>/);
  });
});
