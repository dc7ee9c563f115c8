import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importPlaybook } from '../../../src/core/import';
import { allSteps } from '../../../src/core/playbook/parser';
import { FIXTURES, importFixture, parsed, roundTripErrors } from './helpers';

/** The words of a text, as a count per word (emphasis, links and code marks are not words). */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text.normalize('NFKC').match(/[\p{L}\p{N}]{3,}/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** Words the original has more often than the import. */
function missingWords(original: string, imported: string): string[] {
  const have = wordCounts(imported);
  return [...wordCounts(original)].filter(([w, n]) => (have.get(w) ?? 0) < n).map(([w]) => w);
}

// What an import rewrites on purpose: a SQL fence's language becomes `athena`, and sample values (account ids,
// addresses, 'START_TIME') become {{parameters}}.
const REWRITTEN = (word: string) => word === 'sql' || /^\d+$/.test(word) || ['START', 'END', 'TIME'].includes(word);

describe('irp import: nothing of the original is lost', () => {
  for (const name of fs.readdirSync(FIXTURES).filter(f => f.endsWith('.md') && f !== 'not-a-playbook.md')) {
    it(`keeps every word of ${name} (headings, links and appendices included)`, () => {
      const original = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      const missing = missingWords(original, importFixture(name).markdown).filter(w => !REWRITTEN(w));
      assert.deepEqual(missing, []);
    });
  }

  it('keeps a link in a heading, and the headings the phase titles replace', () => {
    const result = importPlaybook(
      [
        '# Leaked key',
        '## Incident Response Process',
        '### Part 2: Contain the Incident',
        '1. Deactivate the key in the console.',
        '2. Tell the key owner.',
        '### Part 3: Eradicate the Incident',
        'Remove what the key created.',
        '### Part 4: Recover from the Incident',
        '#### [Sharing a snapshot](https://example.com/share)',
        'Share it with the forensics account.',
        '### Part 5: Post-Incident Activity',
        'Hold the review.',
      ].join('\n'),
    );
    assert.ok(result.ok);
    for (const kept of [
      '_Part 2: Contain the Incident_',
      '_Part 3: Eradicate the Incident_',
      '_Part 4: Recover from the Incident_',
      '[Sharing a snapshot](https://example.com/share)',
    ]) {
      assert.ok(result.markdown.includes(kept), kept);
    }
  });

  it('keeps the heading of a section whose part became a step of another phase, or a step of its own', () => {
    const result = importPlaybook(
      [
        '# Flood',
        '## Executive Summary',
        'What to do when the site is flooded with requests.',
        '### Response Steps',
        '1. [**PREPARATION**] Keep an inventory of public endpoints',
        '2. [**DETECTION AND ANALYSIS**] Find the top talkers',
        '3. [**POST-INCIDENT ACTIVITIES**] Ask for a credit',
        '4. [**PREPARATION**] Additional Preventative Actions: rate limits',
        '## Preparation',
        '### Public endpoint inventory',
        'List them.',
        '## Detection and Analysis',
        '### Top talkers',
        'Sort the sources by requests.',
        '## Recovery',
        '### Requesting a credit',
        'Open a case with the dates.',
        '## Preventative Actions',
        '### Rate limits',
        'Put a rate rule on the web ACL.',
      ].join('\n'),
    );
    assert.ok(result.ok);
    assert.match(result.markdown, /### Ask for a credit \{#[^}]+\}\s+_Recovery: Requesting a credit_\s+Open a case/);
    assert.match(result.markdown, /_Preventative Actions: Rate limits_\s+Put a rate rule/);
  });

  it('gives a response step that names a #### part of a section that part as its body', () => {
    const result = importPlaybook(
      [
        '# Public bucket',
        '## Executive Summary',
        'A bucket was made public.',
        '### Response Steps',
        '1. [**PREPARATION**] Keep an asset inventory',
        '2. [**PREPARATION**] Enable logging as appropriate',
        '3. [**DETECTION AND ANALYSIS**] Check the bucket policy',
        '## Preparation',
        '### Asset Inventory',
        'List the buckets.',
        '#### Enable Logging',
        'Turn on server access logs.',
        '#### Data types',
        'Note what each bucket holds.',
        '## Detection',
        '### Bucket policy checks',
        'Read the policy.',
      ].join('\n'),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.unmapped, []);
    const steps = allSteps(parsed(result.markdown));
    const logging = steps.find(s => s.title === 'Enable logging as appropriate')!;
    assert.match(logging.guidance, /_Enable Logging_\s+Turn on server access logs\./);
    const inventory = steps.find(s => s.title === 'Keep an asset inventory')!;
    assert.doesNotMatch(inventory.guidance, /server access logs/);
    assert.match(inventory.guidance, /#### Data types\s+Note what each bucket holds\./);
  });

  it('reads a playbook of "Step N" sections: one step each, in the phase its title suggests or the one before', () => {
    const result = importPlaybook(
      [
        '# Ransomware (agent playbook)',
        '## Critical Rule',
        'Never pay before legal is involved.',
        '## Step 1: Preserve the snapshots',
        '- [ ] Copy the snapshots to the forensics account',
        '## Step 2: Identify the access key',
        '```sql',
        "SELECT useridentity.accesskeyid FROM cloudtrail_logs WHERE eventname = 'PutBucketEncryption'",
        '```',
        '## Step 3: Contain the credential',
        '### Deactivate the key',
        'Use the console.',
        '## Step 4: Recover the objects',
        'Restore the versions before the encryption.',
      ].join('\n'),
    );
    assert.ok(result.ok);
    assert.deepEqual(roundTripErrors(result.markdown), []);
    assert.deepEqual(
      parsed(result.markdown).phases.map(p => [p.id, p.steps.map(s => s.title)]),
      [
        ['detection-analysis', ['Step 1: Preserve the snapshots', 'Step 2: Identify the access key']],
        ['containment-eradication', ['Step 3: Contain the credential']],
        ['recovery', ['Step 4: Recover the objects']],
      ],
    );
    assert.match(result.markdown, /#### Deactivate the key\s+Use the console\./);
    assert.match(result.markdown, /## Critical Rule\s+Never pay/);
  });

  it('makes the queries and commands of an appendix steps of Detection and Analysis; its other parts stay', () => {
    const result = importPlaybook(
      [
        '# Route changes',
        '## Part 1 — Prepare',
        '### 1.1 Logging',
        '- [ ] Turn on the trail',
        '## Part 2 — Detect & Analyze',
        '### 2.1 Triage',
        '- [ ] Who changed the route?',
        '## Appendix A — Useful Queries',
        'Run these in Athena.',
        '### CloudTrail (Athena)',
        '```sql',
        "SELECT eventname FROM cloudtrail_logs WHERE eventname = 'CreateRoute'",
        '```',
        '### Security groups (CLI)',
        '```bash',
        'aws ec2 describe-security-groups --group-ids sg-0123456789abcdef0 | jq .',
        '```',
        '### Contacts',
        'The network team is on call.',
      ].join('\n'),
    );
    assert.ok(result.ok);
    assert.deepEqual(roundTripErrors(result.markdown), []);
    const playbook = parsed(result.markdown);
    const detection = playbook.phases.find(p => p.id === 'detection-analysis')!;
    assert.deepEqual(
      detection.steps.map(s => [s.title, s.queries.map(q => q.engine)]),
      [
        ['2.1 Triage', []],
        ['Appendix A — Useful Queries: CloudTrail (Athena)', ['athena']],
        ['Appendix A — Useful Queries: Security groups (CLI)', ['aws']],
      ],
    );
    assert.equal(result.counts.athena, 1);
    assert.equal(result.counts.aws, 1);
    const appendix = playbook.references?.find(r => r.title.startsWith('Appendix A'));
    assert.match(appendix?.text ?? '', /Run these in Athena\.[\s\S]*### Contacts\s+The network team is on call\./);
    assert.equal(allSteps(playbook).length, 4);
  });
});
