// Profile, region and data mode. Each writes its setting; the engine provider sees the change and throws the old
// session and engines away, so the next run signs in with the new choice.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { listProfiles } from '../../core/aws/profiles';
import { ALL_KNOWN_REGIONS } from '../../core/aws/awsRegions';
import type { Features } from '../features';
import { readSettings, writeSetting } from '../settings';

export function selectProfile(features: Features) {
  return async (): Promise<void> => {
    const current = readSettings().profile;
    const profiles = await listProfiles();
    const items: (vscode.QuickPickItem & { value: string })[] = [
      {
        label: vscode.l10n.t('Default credential chain'),
        description: vscode.l10n.t('AWS_PROFILE, environment keys, then "default"'),
        value: '',
      },
      ...profiles.map(p => ({
        label: p.name,
        description: [p.kind, p.region].filter(Boolean).join(' · '),
        detail: p.roleArn ?? (p.ssoAccountId ? `${p.ssoAccountId} · ${p.ssoRoleName ?? ''}` : undefined),
        value: p.name,
      })),
    ].map(i => ({ ...i, picked: i.value === (current ?? '') }));
    const picked = await ui.showQuickPick(items, {
      title: vscode.l10n.t('Select AWS profile'),
      placeHolder: profiles.length ? undefined : vscode.l10n.t('No profiles in ~/.aws/config or ~/.aws/credentials'),
      matchOnDescription: true,
    });
    if (!picked) return;
    // The engine provider throws the old session away when the setting changes; the new one opens now, so the
    // status bar shows the account (or what is wrong with the credentials) and an MFA code is asked for once.
    await writeSetting('aws.profile', picked.value);
    // The same profile again changes no setting: the user wants a fresh sign-in (new keys, a new SSO login).
    if (picked.value === (current ?? '')) features.engines.resetAws();
    void features.engines.session().catch(() => undefined);
  };
}

export function selectRegion() {
  return async (): Promise<void> => {
    const current = readSettings().region;
    const items = [
      {
        label: vscode.l10n.t('Profile default'),
        description: vscode.l10n.t('the region configured for the profile'),
        value: '',
      },
      ...ALL_KNOWN_REGIONS.map(r => ({
        label: r,
        value: r,
        description: r === current ? vscode.l10n.t('current') : undefined,
      })),
    ];
    const picked = await ui.showQuickPick(items, { title: vscode.l10n.t('Select AWS region') });
    if (!picked) return;
    await writeSetting('aws.region', picked.value);
  };
}

export function switchEngineMode(features: Features) {
  return async (mode?: 'aws' | 'local'): Promise<void> => {
    if (features.reports.current?.state?.header.mode === 'exercise') {
      void ui.showInformationMessage(
        vscode.l10n.t('This incident is a tabletop exercise: its queries always run on local data.'),
      );
      return;
    }
    const next = mode === 'aws' || mode === 'local' ? mode : readSettings().dataMode === 'aws' ? 'local' : 'aws';
    await writeSetting('engine.mode', next);
    void vscode.window.setStatusBarMessage(
      next === 'local'
        ? vscode.l10n.t('IR Playbook: queries now run on local data')
        : vscode.l10n.t('IR Playbook: queries now run on AWS'),
      4000,
    );
  };
}
