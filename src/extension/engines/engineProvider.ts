// Creates the query engines when a query first needs them, never at activation: the AWS SDK and DuckDB are loaded
// lazily. Changing profile, region or Athena settings throws the old session and engines away, so no run can use
// the previous credentials.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { Disposable } from '../lifecycle';
import type { ActionConfirmation, AwsSession } from '../../core/aws/index';
import type { EngineId } from '../../core/playbook/model';
import type { QueryEngine } from '../../core/engine/types';
import { readSettings, SECTION } from '../settings';

interface LocalEntry {
  key: string;
  engine: Promise<QueryEngine & { dispose(): Promise<void> }>;
}

export class EngineProvider extends Disposable {
  private sessionPromise: Promise<AwsSession> | undefined;
  /** The profile and region the session was opened with. */
  private sessionKey: string | undefined;
  private readonly awsEngines = new Map<EngineId, Promise<QueryEngine>>();
  private local: LocalEntry | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the AWS session was thrown away (new profile, region or settings): the status bar asks again. */
  readonly onDidResetAws = this.changed.event;
  private readonly opened = this._register(new vscode.EventEmitter<{ error?: unknown }>());
  /** Details the session must not put in a report (why a credential_process failed, redacted), created on first use. */
  private output: vscode.OutputChannel | undefined;
  /** Fires when an AWS session was opened, or failed to open (first query, or a command that needs it). */
  readonly onDidOpenSession = this.opened.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration(`${SECTION}.aws`) || e.affectsConfiguration(`${SECTION}.athena`)) {
          // Only a new profile or region needs new credentials: a session opened by a command that wrote the setting
          // (before this event came), and a change of the Regions list or of Athena's settings, keep the session, so
          // that a role with MFA does not ask for a code again. The engines take the new settings.
          if (sessionSettingsKey() !== this.sessionKey) this.resetAws();
          else this.awsEngines.clear();
        }
        if (e.affectsConfiguration(`${SECTION}.local`)) this.resetLocal();
      }),
    );
  }

  /** The AWS session for the configured profile and region, opened on first use. */
  session(): Promise<AwsSession> {
    if (!this.sessionPromise) {
      const settings = readSettings();
      this.sessionKey = sessionSettingsKey();
      this.sessionPromise = import('../../core/aws/index.js').then(aws =>
        aws.AwsSession.open({
          profile: settings.profile,
          region: settings.region,
          mfaCodeProvider: askMfaCode,
          log: line => this.log(line),
        }),
      );
      // A failed open is not remembered: the next attempt (after the user fixed the profile) tries again.
      this.sessionPromise.then(
        () => this.opened.fire({}),
        error => {
          this.sessionPromise = undefined;
          this.opened.fire({ error });
        },
      );
    }
    return this.sessionPromise;
  }

  /**
   * The engine that runs a block: `local` on the given data sources (absolute paths) with its cache in `cacheDir`,
   * else the AWS engine named.
   */
  engine(id: EngineId, local: { dataSources: string[]; cacheDir: string }): Promise<QueryEngine> {
    return id === 'local' ? this.localEngine(local.dataSources, local.cacheDir) : this.awsEngine(id);
  }

  /** An Athena engine on another database than the setting's (a named query runs on the one it was saved with). */
  athenaOn(database: string): Promise<QueryEngine> {
    return this.createAwsEngine('athena', database);
  }

  private awsEngine(id: EngineId): Promise<QueryEngine> {
    let engine = this.awsEngines.get(id);
    if (!engine) {
      engine = this.createAwsEngine(id);
      engine.catch(() => this.awsEngines.delete(id));
      this.awsEngines.set(id, engine);
    }
    return engine;
  }

  private createAwsEngine(id: EngineId, database?: string): Promise<QueryEngine> {
    return Promise.all([this.session(), import('../../core/aws/index.js')]).then(([session, aws]): QueryEngine => {
      const settings = readSettings();
      const enabledRegions = settings.regions.length ? settings.regions : undefined;
      if (id === 'cloudtrail') return new aws.CloudTrailEngine(session, { enabledRegions });
      if (id === 'aws') return new aws.AwsApiEngine(session, { enabledRegions });
      if (id === 'action') return new aws.ActionEngine(session, confirmAction);
      return new aws.AthenaEngine(
        session,
        { ...settings.athena, ...(database ? { database } : {}) },
        confirmMutatingQuery,
      );
    });
  }

  private localEngine(dataSources: string[], cacheDir: string): Promise<QueryEngine> {
    const key = JSON.stringify([cacheDir, ...[...dataSources].sort()]);
    if (this.local?.key !== key) {
      this.resetLocal();
      const engine = import('../../core/local/index.js').then(
        local => new local.LocalEngine({ dataSources, cacheDir }),
      );
      engine.catch(() => {
        if (this.local?.key === key) this.local = undefined;
      });
      this.local = { key, engine };
    }
    return this.local.engine;
  }

  resetAws(): void {
    const old = this.sessionPromise;
    this.sessionPromise = undefined;
    this.sessionKey = undefined;
    this.awsEngines.clear();
    void old?.then(
      s => s.destroy(),
      () => undefined,
    );
    this.changed.fire();
  }

  resetLocal(): void {
    const old = this.local;
    this.local = undefined;
    void old?.engine.then(
      e => e.dispose(),
      () => undefined,
    );
  }

  private log(line: string): void {
    this.output ??= vscode.window.createOutputChannel('IR Playbook: AWS');
    this.output.appendLine(`${new Date().toISOString()} ${line}`);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.resetAws();
    this.resetLocal();
    this.output?.dispose();
    super.dispose();
  }
}

function sessionSettingsKey(): string {
  const { profile, region } = readSettings();
  return JSON.stringify([profile, region]);
}

async function askMfaCode(serial: string): Promise<string> {
  const code = await ui.showInputBox({
    title: vscode.l10n.t('AWS multi-factor authentication'),
    prompt: vscode.l10n.t('Enter the current code of the MFA device {0}', serial),
    placeHolder: '123456',
    ignoreFocusOut: true,
    validateInput: v => (/^\d{6}$/.test(v.trim()) ? undefined : vscode.l10n.t('The code is 6 digits.')),
  });
  if (!code) throw new Error(vscode.l10n.t('No MFA code was entered, so the AWS session was not opened.'));
  return code.trim();
}

/** Athena statements that change data are only sent after the user says so, query by query. */
/** A containment action: the modal names account, region, resource and the exact call before anything changes. */
async function confirmAction(q: ActionConfirmation): Promise<boolean> {
  const go = vscode.l10n.t('Run This Action');
  const dryRun = q.dryRun ? vscode.l10n.t('EC2 dry run: the call would succeed.') : '';
  const choice = await ui.showWarningMessage(
    vscode.l10n.t('Change account {0} in {1}: {2}?', q.account, q.region, q.resource),
    {
      modal: true,
      detail: [q.call, dryRun, vscode.l10n.t('Current state:'), ...q.before.slice(0, 10)].filter(Boolean).join('\n'),
    },
    go,
  );
  return choice === go;
}

async function confirmMutatingQuery(sql: string): Promise<boolean> {
  const run = vscode.l10n.t('Run Anyway');
  const choice = await ui.showWarningMessage(
    vscode.l10n.t('This Athena query changes data or tables, it does not only read them. Run it?'),
    { modal: true, detail: sql.length > 600 ? `${sql.slice(0, 600)}…` : sql },
    run,
  );
  return choice === run;
}
