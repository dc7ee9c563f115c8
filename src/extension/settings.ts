// Typed access to the extension's settings (contributes.configuration in package.json). One reader, so a setting's
// name and default live in one place on this side too.
import * as vscode from 'vscode';
import type { DataMode } from '../core/engine/resolve';

export interface AthenaSettings {
  workgroup: string;
  database: string;
  catalog: string;
  outputLocation?: string;
  pricePerTerabyteUsd: number;
}

export interface Settings {
  dataMode: DataMode;
  profile?: string;
  region?: string;
  regions: string[];
  athena: AthenaSettings;
  localDataSources: string[];
  summaryRowCap: number;
  rowCap: number;
  reportsFolder: string;
  resultsTimeZone: 'utc' | 'local';
  /** Each step in a panel of its own, instead of one panel that moves from step to step. */
  openStepsSideBySide: boolean;
}

export const SECTION = 'irPlaybook';

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    dataMode: c.get<string>('engine.mode') === 'local' ? 'local' : 'aws',
    profile: nonEmpty(c.get<string>('aws.profile')),
    region: nonEmpty(c.get<string>('aws.region')),
    regions: c.get<string[]>('aws.regions') ?? [],
    athena: {
      workgroup: nonEmpty(c.get<string>('athena.workgroup')) ?? 'primary',
      database: nonEmpty(c.get<string>('athena.database')) ?? 'default',
      catalog: nonEmpty(c.get<string>('athena.catalog')) ?? 'AwsDataCatalog',
      outputLocation: nonEmpty(c.get<string>('athena.outputLocation')),
      pricePerTerabyteUsd: c.get<number>('athena.pricePerTerabyteUsd') ?? 5,
    },
    localDataSources: c.get<string[]>('local.dataSources') ?? [],
    summaryRowCap: c.get<number>('report.summaryRowCap') ?? 5,
    rowCap: c.get<number>('query.rowCap') ?? 10000,
    reportsFolder: nonEmpty(c.get<string>('reportsFolder')) ?? 'incidents',
    resultsTimeZone: c.get<string>('results.timeZone') === 'local' ? 'local' : 'utc',
    openStepsSideBySide: c.get<boolean>('stepPanel.openSideBySide') ?? false,
  };
}

/** Writes a setting to the workspace when one is open (incident work is per workspace), else to the user settings. */
export async function writeSetting(key: string, value: unknown): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update(key, value, target);
}
