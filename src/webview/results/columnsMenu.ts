// The column chooser of a grid: every column with a checkbox to show or hide it and buttons to move it, in the
// grid's order. Buttons rather than drag and drop, so it works from the keyboard and with a screen reader too.
import { t } from '../api';
import { h, uniqueId } from '../dom';

export interface ColumnsMenuEvents {
  toggle(column: string, shown: boolean): void;
  move(column: string, by: -1 | 1): void;
  reset(): void;
}

export class ColumnsMenu {
  readonly element: HTMLDetailsElement;
  private readonly list = h('ul', { class: 'columns-list' });

  constructor(private readonly events: ColumnsMenuEvents) {
    const reset = h('button', { type: 'button', class: 'link' }, t('resetColumns'));
    reset.addEventListener('click', () => events.reset());
    this.element = h(
      'details',
      { class: 'columns-menu' },
      h('summary', {}, t('columns')),
      h('div', { class: 'columns-panel' }, h('p', { class: 'muted' }, t('columnsHelp')), this.list, reset),
    );
  }

  /** Lists `order` (every column, shown or not) with `hidden` unchecked. */
  update(order: string[], hidden: ReadonlySet<string>): void {
    this.list.replaceChildren(
      ...order.map((name, i) => {
        const id = uniqueId('column');
        const box = h('input', { type: 'checkbox', id, checked: !hidden.has(name) });
        box.addEventListener('change', () => this.events.toggle(name, box.checked));
        const left = h('button', { type: 'button', class: 'secondary', title: t('moveLeft'), disabled: i === 0 }, '←');
        const right = h(
          'button',
          { type: 'button', class: 'secondary', title: t('moveRight'), disabled: i === order.length - 1 },
          '→',
        );
        left.setAttribute('aria-label', `${t('moveLeft')}: ${name}`);
        right.setAttribute('aria-label', `${t('moveRight')}: ${name}`);
        left.addEventListener('click', () => this.events.move(name, -1));
        right.addEventListener('click', () => this.events.move(name, 1));
        return h('li', { 'data-column': name }, box, h('label', { for: id }, name), left, right);
      }),
    );
  }
}
