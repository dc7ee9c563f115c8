import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importPlaybook } from '../../../src/core/import';
import { allSteps } from '../../../src/core/playbook/parser';
import { FIXTURES, importFixture, parsed, roundTripErrors } from './helpers';

const outline = (markdown: string) => parsed(markdown).phases.map(p => [p.id, p.steps.map(s => s.title)]);

describe('irp import: the customer playbook framework', () => {
  const en = importFixture('framework-en.md');
  const playbook = parsed(en.markdown);

  it('makes every numbered response step a step of its labelled phase, body from the matching section', () => {
    assert.deepEqual(outline(en.markdown), [
      [
        'preparation',
        [
          'Keep an inventory of route tables',
          'Identify, document, and test escalation procedures',
          'Additional Preventative Actions: Config rules',
          'Training',
        ],
      ],
      ['detection-analysis', ['Review the route table history']],
      ['containment-eradication', ['Find who changed the routes', 'Remove routes nobody approved']],
      ['recovery', ['Put the approved routes back']],
      ['post-incident', ['Lessons Learned']],
    ]);
    const escalation = allSteps(playbook).find(s => s.title.startsWith('Identify, document'))!;
    assert.deepEqual(
      escalation.questions.map(q => q.text),
      ['Who is paged when a route changes?'],
    );
    assert.match(allSteps(playbook).find(s => s.id === 'put-the-approved-routes-back')!.guidance, /from the inventory/);
  });

  it('reads inline-code questions and their >>> suggested answers', () => {
    const training = allSteps(playbook).find(s => s.id === 'training')!;
    assert.deepEqual(
      training.questions.map(q => [q.text, q.suggestions]),
      [
        ['Who on the team has read the VPC routing guide?', ['Network team', 'Cloud team', 'Nobody yet']],
        ['Which roles may edit routes?', []],
      ],
    );
  });

  it('turns SQL into an athena block with typed parameters, and CLI commands into aws and action blocks', () => {
    const history = allSteps(playbook).find(s => s.id === 'review-the-route-table-history')!;
    assert.equal(history.queries[0].engine, 'athena');
    assert.match(
      history.queries[0].text,
      /accesskeyid = \{\{access_key_id\}\}\n {2}AND eventtime BETWEEN \{\{window\.start\}\} AND \{\{window\.end\}\}/,
    );
    assert.deepEqual(
      playbook.parameters.map(p => [p.name, p.type]),
      [
        ['access_key_id', 'accessKeyId'],
        ['window', 'timeWindow'],
        ['user_name', 'string'],
      ],
    );
    assert.match(
      en.markdown,
      /```aws id=find-who-changed-the-routes-aws title="aws ec2 describe-route-tables[^"]*"\nservice: ec2\n/,
    );
    assert.match(
      en.markdown,
      /operation: DescribeRouteTables\nregions: us-east-1\ninput:\n {2}RouteTableIds:\n {4}- rtb-0abc1234\n```/,
    );
    assert.match(
      en.markdown,
      /```action id=[^\n]*\nservice: iam\noperation: UpdateAccessKey\ninput:\n {2}AccessKeyId: "\{\{access_key_id\}\}"\n {2}Status: Inactive\n {2}UserName: "\{\{user_name\}\}"\n```/,
    );
    assert.deepEqual([en.counts.athena, en.counts.aws, en.counts.action, en.counts.parameters], [1, 1, 1, 3]);
  });

  it('keeps the sections that name no phase as reference sections, and validates', () => {
    assert.deepEqual(
      playbook.references?.map(r => r.title),
      ['Points of Contact', 'Executive Summary', 'Potential AWS GuardDuty Findings', 'Current Backlog Items'],
    );
    assert.match(playbook.references![2].text, /### Response Steps\n1\. \[\*\*PREPARATION\*\*\] Keep an inventory/);
    assert.deepEqual(roundTripErrors(en.markdown), []);
  });
});

describe('irp import: machine-translated framework playbooks', () => {
  const cases: [string, number, string[]][] = [
    ['framework-de.md', 5, ['preparation', 'detection-analysis', 'containment-eradication', 'recovery']],
    [
      'framework-es.md',
      6,
      ['preparation', 'detection-analysis', 'containment-eradication', 'recovery', 'post-incident'],
    ],
    ['framework-fr.md', 4, ['preparation', 'detection-analysis', 'containment-eradication', 'recovery']],
    ['framework-ja.md', 5, ['preparation', 'detection-analysis', 'containment-eradication', 'recovery']],
    [
      'framework-zh.md',
      6,
      ['preparation', 'detection-analysis', 'containment-eradication', 'recovery', 'post-incident'],
    ],
  ];
  for (const [file, steps, phases] of cases) {
    it(`${file}: every response step is a step of its translated phase, and it validates`, () => {
      const result = importFixture(file);
      const playbook = parsed(result.markdown);
      assert.deepEqual(
        playbook.phases.map(p => p.id),
        phases,
      );
      assert.equal(allSteps(playbook).length, steps);
      assert.deepEqual(result.unmapped, []);
      assert.deepEqual(roundTripErrors(result.markdown), []);
    });
  }

  it('zh: repairs broken links, "-x" items, padded bold, two-backtick fences and curly-quoted questions', () => {
    const result = importFixture('framework-zh.md');
    const steps = allSteps(parsed(result.markdown));
    assert.match(
      steps[0].guidance,
      /\[VPC 控制台\]\(https:\/\/console\.aws\.amazon\.com\/vpc\/\) 和 \[路由指南\]\(https:\/\/docs/,
    );
    assert.deepEqual(
      steps[0].questions.map(q => [q.text, q.suggestions]),
      [['谁可以编辑路由？', ['网络团队', '云团队']]],
    );
    assert.match(steps[1].guidance, /```json\n\{\n“来源”：\[“aws\.ec2”\]\n\}\n```\n- \*\*重要\*\*：检查所有区域。/);
    assert.deepEqual(steps.map(s => s.phaseId).slice(0, 3), [
      'preparation',
      'detection-analysis',
      'containment-eradication',
    ]);
    assert.ok(result.counts.repairedLines >= 6, `repaired ${result.counts.repairedLines} lines`);
  });

  it('ja: reads step numbers that translation garbled (第3回。, ４。, 5だ)', () => {
    const titles = allSteps(parsed(importFixture('framework-ja.md').markdown)).map(s => s.title);
    assert.deepEqual(titles, [
      'ルートテーブルのインベントリを作成する',
      'ルートテーブルの履歴を確認する',
      'ルートを変更したユーザーを特定する',
      '承認されていないルートを削除する',
      '承認されたルートを元に戻す',
    ]);
  });

  it('fr: a response step without a title takes its section heading', () => {
    const steps = allSteps(parsed(importFixture('framework-fr.md').markdown));
    assert.deepEqual([steps[3].title, steps[3].phaseId], ['Récupération', 'recovery']);
  });
});

describe('irp import: the 2025-26 "Part 1 … Part 5" playbooks', () => {
  const result = importFixture('parts-2026.md');
  const playbook = parsed(result.markdown);
  const step = (id: string) => allSteps(playbook).find(s => s.id === id)!;

  it('maps Part headings, the combined "Eradicate & Recover" and "Part 4b — Recover" to their phases', () => {
    assert.deepEqual(outline(result.markdown), [
      ['preparation', ['1.1 Recommended Configurations']],
      ['detection-analysis', ['2.1 Initial Triage Questions', '2.2 Evidence']],
      ['containment-eradication', ['3.1 Containment Actions', '4.1 Remove Persistence']],
      ['recovery', ['4.4 Restore Routes']],
      ['post-incident', ['5.2 Post-Incident Review Questions']],
    ]);
    assert.equal(playbook.version, '2.1');
    assert.equal(playbook.description, 'Short test playbook in the 2025-26 layout, written for the importer.');
    assert.deepEqual(
      playbook.references?.map(r => r.title),
      ['Overview', 'Appendix A — Contacts'],
    );
  });

  it('makes "- [ ] …?" triage items questions and keeps the other task items as checklist items', () => {
    const triage = step('2-1-initial-triage-questions');
    assert.deepEqual(
      triage.questions.map(q => q.text),
      ['Which route tables changed? (Production, staging, both)', 'Is the change approved?'],
    );
    assert.deepEqual(
      triage.checklist.map(c => c.text),
      ['Record the ticket number'],
    );
    assert.equal(step('5-2-post-incident-review-questions').questions.length, 2);
    assert.equal(step('1-1-recommended-configurations').checklist.length, 2);
  });

  it('imports the companion .sql file named by path, query by query, with its sample values as parameters', () => {
    const evidence = step('2-2-evidence');
    assert.deepEqual(
      evidence.queries.filter(q => q.engine === 'athena').map(q => q.title),
      ['2.2 Evidence', 'Route changes by one access key', 'Route changes on one instance'],
    );
    const companion = evidence.queries.find(q => q.title === 'Route changes by one access key')!;
    assert.match(
      companion.text,
      /accesskeyid = \{\{access_key_id\}\}\n {2}AND eventtime BETWEEN \{\{window\.start\}\} AND \{\{window\.end\}\}\n$/,
    );
    assert.match(
      evidence.queries[0].text,
      /sourceipaddress = \{\{ip\}\}\n {2}AND recipientaccountid = \{\{account_id\}\}/,
    );
    // A sample value inside a LIKE pattern is bound by cutting the pattern around it.
    const byInstance = evidence.queries.find(q => q.title === 'Route changes on one instance')!;
    assert.match(byInstance.text, /LIKE \('%' \|\| \{\{instance_id\}\} \|\| '%'\)/);
    assert.ok(!result.unmapped.some(u => u.kind === 'placeholder'));
    assert.deepEqual(
      playbook.parameters.map(p => p.type),
      ['ip', 'accountId', 'accessKeyId', 'timeWindow', 'instanceId', 'securityGroupId'],
    );
  });

  it('maps CLI reads and writes, and lists a command that is no single API call', () => {
    assert.match(
      result.markdown,
      /```action id=3-1-containment-actions-action[^\n]*\nservice: ec2\noperation: RevokeSecurityGroupIngress\ninput:\n {2}GroupId: "\{\{security_group_id\}\}"\n {2}SecurityGroupRuleIds:\n {4}- sgr-0abc1234def567890\n```/,
    );
    // `aws cloudtrail lookup-events` is what the cloudtrail engine runs.
    assert.match(
      result.markdown,
      /```cloudtrail id=2-2-evidence-cloudtrail title="[^"]*"\nattribute: EventName=CreateRoute\n```/,
    );
    assert.deepEqual(
      result.unmapped.filter(u => u.kind === 'aws-command').map(u => u.text),
      ['aws s3 ls s3://some-bucket'],
    );
    assert.deepEqual(
      [result.counts.aws, result.counts.action, result.counts.cloudtrail, result.counts.athena],
      [1, 1, 1, 3],
    );
    assert.deepEqual(roundTripErrors(result.markdown), []);
  });
});

describe('irp import: the older layout (phases as headings, numbered lists)', () => {
  it('makes each numbered item of a phase section a step', () => {
    const result = importFixture('older.md');
    assert.deepEqual(outline(result.markdown), [
      [
        'detection-analysis',
        [
          'Confirm that a ticket exists for the incident.',
          'Find out which route tables changed and when.',
          'Save the CloudTrail events for the change:',
        ],
      ],
      [
        'containment-eradication',
        ['Remove the unapproved route.', 'Deactivate the key that made it.', 'Part 3: Eradicate the incident'],
      ],
      ['recovery', ['Part 4: Recover from the incident']],
      ['post-incident', ['Part 5: Post-Incident Activity']],
    ]);
    assert.match(result.markdown, /```cloudtrail id=[^\n]*\nattribute: ResourceName=rtb-0abc1234\n```/);
    assert.deepEqual(roundTripErrors(result.markdown), []);
  });
});

describe('irp import: files that are not playbooks', () => {
  it('refuses a README, a binary file and a playbook already in this format, saying why', () => {
    const readme = importPlaybook(fs.readFileSync(path.join(FIXTURES, 'not-a-playbook.md'), 'utf8'));
    assert.deepEqual(readme.ok, false);
    assert.match(!readme.ok ? readme.reason : '', /does not look like an incident-response playbook/);
    const binary = importPlaybook('\u0089PNG\r\n\u001a\n\u0000\u0000');
    assert.match(!binary.ok ? binary.reason : '', /binary file/);
    const ours = importPlaybook('---\nid: x\ntitle: X\nversion: 1\n---\n## Recovery\n');
    assert.match(!ours.ok ? ours.reason : '', /already is a playbook in this format/);
  });
});
