// The step header's jump links (Guidance, Queries, Questions, Notes): one click brings a section under the sticky
// header and moves focus to it, so the Run buttons and the notes are never screens of scrolling away.
import type { WebviewTextKey } from '../shared/messages';
import { t } from './api';
import { h } from './dom';

export interface JumpTarget {
  text: WebviewTextKey;
  section: HTMLElement;
}

export class JumpLinks {
  readonly element: HTMLElement;
  private readonly links: { button: HTMLButtonElement; section: HTMLElement }[];

  constructor(
    private readonly header: HTMLElement,
    targets: JumpTarget[],
  ) {
    this.links = targets.map(({ text, section }) => {
      const button = h('button', { type: 'button', class: 'link' }, t(text));
      button.dataset.jump = text;
      // Focus can land on the section, without the section entering the tab order.
      section.tabIndex = -1;
      button.addEventListener('click', () => this.jump(section));
      return { button, section };
    });
    this.element = h('nav', { class: 'jump-links', 'aria-label': t('jumpTo') }, ...this.links.map(l => l.button));
  }

  /** Hides the links of sections the step does not show (no queries, no questions). */
  update(): void {
    for (const link of this.links) link.button.hidden = link.section.hidden;
  }

  private jump(section: HTMLElement): void {
    const top = section.getBoundingClientRect().top + window.scrollY - this.header.offsetHeight - 8;
    window.scrollTo({ top: Math.max(0, top) });
    section.focus({ preventScroll: true });
  }
}
