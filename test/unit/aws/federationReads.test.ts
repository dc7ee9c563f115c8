import * as assert from 'node:assert/strict';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import type { Emulator } from '../../emulator';
import { BACKUP_POLICY, COMPROMISE_SEED, REGION } from './compromiseInventory';
import { FEDERATION_SEED, OIDC_ARN, SAML_ARN } from './federationInventory';
import { collect, startEmulatorSession, type Collected } from './helpers';

function table(c: Collected) {
  assert.equal(c.error, undefined, c.error?.message);
  const names = c.columns.map(col => col.name);
  return { columns: names, rows: c.rows.map(r => Object.fromEntries(names.map((n, i) => [n, r[i]]))) };
}

describe('Reads of a federation or insider playbook: identity providers, inline policy documents (real SDK)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  const read = async (operation: string, input = '') =>
    table(
      await collect(
        new AwsApiEngine(session).run(
          {
            engine: 'aws',
            queryId: 'q',
            text: `service: iam\noperation: ${operation}\n${input ? `input: ${input}` : ''}`,
            parameters: {},
            definitions: [],
          },
          new AbortController().signal,
        ),
      ),
    );

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession(REGION));
    emulator.seedInventory(COMPROMISE_SEED);
    emulator.seedInventory(FEDERATION_SEED);
  });
  after(() => close());
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), [], 'a read sent a mutating call'));

  it('SAML providers: ListSAMLProviders, and GetSAMLProvider with the issuer instead of the metadata XML', async () => {
    assert.deepEqual(await read('ListSAMLProviders'), {
      columns: ['region', 'arn', 'created', 'valid_until'],
      rows: [
        { region: REGION, arn: SAML_ARN, created: '2025-02-01T10:00:00.000Z', valid_until: '2035-02-01T10:00:00.000Z' },
      ],
    });
    assert.deepEqual(await read('GetSAMLProvider', `{ SAMLProviderArn: "${SAML_ARN}" }`), {
      columns: ['region', 'arn', 'uuid', 'created', 'valid_until', 'issuer', 'assertion_encryption', 'tags'],
      rows: [
        {
          region: REGION,
          arn: SAML_ARN,
          uuid: 'a1b2c3d4-0000-4000-8000-000000000001',
          created: '2025-02-01T10:00:00.000Z',
          valid_until: '2035-02-01T10:00:00.000Z',
          issuer: 'https://idp.example.com/saml',
          assertion_encryption: 'Allowed',
          tags: 'owner=identity-team',
        },
      ],
    });
  });

  it('OpenID Connect providers: ListOpenIDConnectProviders and GetOpenIDConnectProvider', async () => {
    assert.deepEqual(await read('ListOpenIDConnectProviders'), {
      columns: ['region', 'arn'],
      rows: [{ region: REGION, arn: OIDC_ARN }],
    });
    assert.deepEqual(await read('GetOpenIDConnectProvider', `{ OpenIDConnectProviderArn: "${OIDC_ARN}" }`), {
      columns: ['region', 'arn', 'url', 'client_ids', 'thumbprints', 'created', 'tags'],
      rows: [
        {
          region: REGION,
          arn: OIDC_ARN,
          url: 'token.actions.githubusercontent.com',
          client_ids: 'sts.amazonaws.com',
          thumbprints: '6938fd4d98bab03faadb97b34396831e3780aea1',
          created: '2025-03-01T09:00:00.000Z',
          tags: '',
        },
      ],
    });
  });

  it('inline policy documents: GetUserPolicy decoded; GetRolePolicy of a missing name gives no row', async () => {
    assert.deepEqual(await read('GetUserPolicy', '{ UserName: bob, PolicyName: s3-backup-write }'), {
      columns: ['region', 'user_name', 'policy_name', 'policy_document'],
      rows: [{ region: REGION, user_name: 'bob', policy_name: 's3-backup-write', policy_document: BACKUP_POLICY }],
    });
    assert.deepEqual(await read('GetRolePolicy', '{ RoleName: app-server, PolicyName: no-such-policy }'), {
      columns: ['region', 'role_name', 'policy_name', 'policy_document'],
      rows: [],
    });
  });
});
