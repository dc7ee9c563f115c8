// Each query's grid layout, kept in the webview state (vscode.setState) under `grids`: it survives the panel being
// hidden and shown again, like the page's scroll position, with no round trip to the host. The page's state is one
// object; main.ts holds the same object (it reads it with getState and saves it back), so the layout is written into
// that object in place and never replaces the rest of it.
import type { GridLayout } from '../../shared/messages';
import { vscode } from '../api';

export function loadLayout(queryId: string): GridLayout {
  return { ...vscode.getState()?.grids?.[queryId] };
}

export function saveLayout(queryId: string, layout: GridLayout): void {
  const state = vscode.getState();
  // Before the first step message there is no state to add to; the page saves it as soon as a step is shown.
  if (!state) return;
  state.grids = { ...state.grids, [queryId]: layout };
  vscode.setState(state);
}
