// The identity providers a federation playbook checks: one SAML provider (an IdP an intruder could have added to sign
// their own assertions) and one OpenID Connect provider (GitHub Actions). Wire shape, as the emulator's IAM answers.
import type { InventorySeed } from '../../emulator';

export const SAML_ARN = 'arn:aws:iam::111122223333:saml-provider/corp-idp';
export const OIDC_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

export const FEDERATION_SEED: InventorySeed = {
  iam: {
    samlProviders: [
      {
        Arn: SAML_ARN,
        SAMLProviderUUID: 'a1b2c3d4-0000-4000-8000-000000000001',
        CreateDate: '2025-02-01T10:00:00Z',
        ValidUntil: '2035-02-01T10:00:00Z',
        SAMLMetadataDocument:
          '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">' +
          '<IDPSSODescriptor/></EntityDescriptor>',
        AssertionEncryptionMode: 'Allowed',
        Tags: [{ Key: 'owner', Value: 'identity-team' }],
      },
    ],
    oidcProviders: [
      {
        Arn: OIDC_ARN,
        Url: 'token.actions.githubusercontent.com',
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
        CreateDate: '2025-03-01T09:00:00Z',
        Tags: [],
      },
    ],
  },
};
