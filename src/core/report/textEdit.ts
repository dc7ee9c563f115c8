// An edit of report text by offsets, the form every report update takes (an editor applies it without rewriting the
// file, the CLI and the file writer apply it to the text they read).

export interface TextEdit {
  /** Offset in the current text where the replaced range starts. */
  start: number;
  /** Offset just past the replaced range (equal to start for an insertion). */
  end: number;
  newText: string;
}

/** Applies edits whose offsets all refer to `text`; edits at the same offset apply in the order given. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const ordered = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || a.order - b.order);
  let out = '';
  let at = 0;
  for (const { edit } of ordered) {
    if (edit.start < at || edit.end < edit.start || edit.end > text.length) {
      throw new Error(
        `Report edits overlap or fall outside the text (edit ${edit.start}-${edit.end}); ` +
          'recompute them from the current text.',
      );
    }
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}
