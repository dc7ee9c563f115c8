// Helpers shared by the integration tests: the extension's test API, the workspace, and waiting for diagnostics.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension/testApi';
import { ScriptedWindow } from './scriptedWindow';

let window: ScriptedWindow | undefined;

function extensionUnderTest(): vscode.Extension<unknown> {
  const extension = vscode.extensions.all.find(e => e.packageJSON.name === 'ir-playbook-companion');
  if (!extension) throw new Error('the extension under test is not loaded');
  return extension;
}

/** Activates the extension, if the workspace did not already (the runner copied the shipped playbook into it). */
export async function activateExtension(): Promise<TestApi> {
  return (await extensionUnderTest().activate()) as TestApi;
}

/** Start incident's answers given up front, for the tests that are not about its questions (pickers.test.ts is). */
export const NO_QUESTIONS = { facts: {} };

/** Starts a tabletop exercise on the scenario folder (relative to the workspace); returns its report's path there. */
export async function startExercise(scenario: string): Promise<string> {
  const session = await vscode.commands.executeCommand<{ uri: vscode.Uri } | undefined>(
    'irPlaybook.startTabletop',
    workspaceUri(scenario),
  );
  if (!session) throw new Error(`the exercise of ${scenario} did not start`);
  return vscode.workspace.asRelativePath(session.uri);
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder (test/workspace)');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** Reads a workspace file from disk (not from an open editor), to see what was really saved. */
export async function readWorkspaceFile(relative: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(relative)));
}

/** Resolves with the first non-empty set of diagnostics published for a file. */
export function whenDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return new Promise(resolve => {
    const now = vscode.languages.getDiagnostics(uri);
    if (now.length) return resolve(now);
    const subscription = vscode.languages.onDidChangeDiagnostics(e => {
      if (!e.uris.some(u => u.toString() === uri.toString())) return;
      const found = vscode.languages.getDiagnostics(uri);
      if (!found.length) return;
      subscription.dispose();
      resolve(found);
    });
  });
}

/**
 * Runs a test body with a fresh scripted window in place of VS Code's, and fails it when the window saw a prompt or an
 * error nobody scripted, or a scripted answer's check failed (index.ts wraps every `it` with this).
 */
export async function withScriptedWindow(body: () => PromiseLike<unknown>): Promise<void> {
  window = new ScriptedWindow();
  (await activateExtension()).useWindow(window);
  const seen = window;
  try {
    await body();
  } catch (e) {
    const problems = seen.problems();
    if (problems && e instanceof Error) e.message += `\n${problems}`;
    throw e;
  }
  const problems = seen.problems();
  if (problems) throw new Error(problems);
}

/** The current test's scripted window: script the prompts the test expects with it. */
export function scriptedWindow(): ScriptedWindow {
  if (!window) throw new Error('no scripted window is installed (index.ts installs one before each test)');
  return window;
}

/** Resolves once `test` holds, checking every 50 ms (the test's own timeout ends a wait that never does). */
const AWS_ENV_KEYS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];

/**
 * Points the SDK of the extension host at the test's own AWS files and the emulator (no profile or region from the
 * machine); returns what puts the environment back as it was.
 */
export function useAwsFiles(awsDir: string, endpoint: string): () => void {
  const saved = Object.fromEntries(AWS_ENV_KEYS.map(key => [key, process.env[key]]));
  for (const key of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete process.env[key];
  process.env.AWS_CONFIG_FILE = path.join(awsDir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(awsDir, 'credentials');
  process.env.AWS_ENDPOINT_URL = endpoint;
  return () => {
    for (const key of AWS_ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
}

export function until(test: () => boolean): Promise<void> {
  return new Promise(resolve => {
    const poll = () => (test() ? resolve() : setTimeout(poll, 50));
    poll();
  });
}
