// What activate() returns: a small handle for the integration tests to look at the tree and drive a step panel's
// message handler without a browser. It exposes nothing the commands cannot already do, except `useWindow` (a scripted
// window answering the prompts), which works only when VS Code runs the extension's tests.
import * as vscode from 'vscode';
import type {
  HostResponse,
  HostToWebview,
  RequestOf,
  RequestResponses,
  RequestType,
  WebviewToHost,
} from '../shared/messages';
import type { Features } from './features';
import type { ReportSession } from './report/reportSession';
import { StepPanel } from './stepPanel/stepPanel';
import type { IncidentNode, IncidentTreeProvider } from './tree/incidentTree';
import type { TimelineNode, TimelineTreeProvider } from './findings/timelineView';
import { useWindowPrompts, type WindowPrompts } from './window/windowPrompts';

export interface PanelHandle {
  /** Delivers a message as if the page had posted it, and waits until the host has handled it. */
  send(message: WebviewToHost): Promise<void>;
  /** Sends a request as the page would (with an id) and resolves with the host's answer. */
  request<K extends RequestType>(message: RequestOf<K>): Promise<RequestResponses[K]>;
  /** Every message the host has posted to the page since the handle was taken. */
  readonly received: HostToWebview[];
  /** Resolves with the first posted message (already received, or from now on) that satisfies the test. */
  waitFor<T extends HostToWebview>(test: (m: HostToWebview) => m is T): Promise<T>;
  /** Stops listening; the panel itself stays open. */
  dispose(): void;
}

export interface TestApi {
  currentReport(): ReportSession | undefined;
  /** Writes every change the panels hold back for the typing delay. */
  flush(): Promise<void>;
  /** The tree's nodes under `node` (top level without it), as the view would ask for them. */
  treeChildren(node?: IncidentNode): IncidentNode[];
  treeItem(node: IncidentNode): ReturnType<IncidentTreeProvider['getTreeItem']>;
  panel(stepId: string): PanelHandle | undefined;
  openPanelIds(): string[];
  /** What the status bar item says and whether it shows the error background. */
  statusBar(): { text: string; error: boolean };
  /** The Timeline view's nodes under `node` (its two groups without it), and their items. */
  timelineChildren(node?: TimelineNode): TimelineNode[];
  timelineItem(node: TimelineNode): ReturnType<TimelineTreeProvider['getTreeItem']>;
  /** Answers every prompt and message with `prompts` instead of VS Code's window; `undefined` restores the window. */
  useWindow(prompts: WindowPrompts | undefined): void;
}

let lastRequestId = 0;

export function createTestApi(
  features: Features,
  tree: IncidentTreeProvider,
  statusBar: vscode.StatusBarItem,
  timeline: TimelineTreeProvider,
): TestApi {
  return {
    timelineChildren: node => timeline.getChildren(node),
    timelineItem: node => timeline.getTreeItem(node),
    useWindow: prompts => {
      // Exports are visible to every extension: outside a test run nobody may answer the user's prompts (consent).
      if (features.context.extensionMode !== vscode.ExtensionMode.Test)
        throw new Error('useWindow is for the extension tests');
      useWindowPrompts(prompts);
    },
    statusBar: () => ({ text: statusBar.text, error: statusBar.backgroundColor !== undefined }),
    currentReport: () => features.reports.current,
    flush: () => features.reports.flush(),
    treeChildren: node => tree.getChildren(node),
    treeItem: node => tree.getTreeItem(node),
    openPanelIds: () => StepPanel.all().map(p => p.stepId),
    panel: stepId => {
      const panel = StepPanel.get(stepId);
      if (!panel) return undefined;
      const received: HostToWebview[] = [];
      const waiters = new Set<(m: HostToWebview) => void>();
      const subscription = panel.onDidPost(m => {
        received.push(m);
        waiters.forEach(w => w(m));
      });
      return {
        received,
        send: message => panel.handleMessage(message),
        request: async <K extends RequestType>(message: RequestOf<K>) => {
          const requestId = ++lastRequestId;
          let answer: HostResponse | undefined;
          const listening = panel.onDidPost(m => {
            if (m.type === 'response' && m.requestId === requestId) answer = m;
          });
          try {
            await panel.handleMessage({ ...message, requestId } as WebviewToHost);
          } finally {
            listening.dispose();
          }
          if (!answer) throw new Error(`the host did not answer request ${message.type}`);
          if ('error' in answer) throw new Error(answer.error);
          return answer.result as RequestResponses[K];
        },
        waitFor: test =>
          new Promise(resolve => {
            const already = received.find(test);
            if (already) return resolve(already);
            const waiter = (m: HostToWebview) => {
              if (!test(m)) return;
              waiters.delete(waiter);
              resolve(m);
            };
            waiters.add(waiter);
          }),
        dispose: () => subscription.dispose(),
      };
    },
  };
}
