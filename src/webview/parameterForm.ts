// The incident parameters this step's queries use, validated as the user types with the same validator the
// engines apply before any call.
import type { ParameterDefinition } from '../core/playbook/model';
import { validateParameter } from '../core/playbook/parameters';
import { post, t } from './api';
import { h, setFieldValue, uniqueId } from './dom';

interface Field {
  definition: ParameterDefinition;
  input: HTMLInputElement;
  message: HTMLElement;
}

export class ParameterForm {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private fields = new Map<string, Field>();
  private signature = '';

  constructor(private readonly onValidityChange: () => void) {
    this.list = h('div', { class: 'parameters' });
    this.element = h(
      'section',
      { class: 'card', hidden: true },
      h('h2', {}, t('parameters')),
      h('p', { class: 'muted' }, t('parametersHelp')),
      this.list,
    );
  }

  update(definitions: ParameterDefinition[], values: Record<string, string>): void {
    const signature = JSON.stringify(definitions);
    if (signature !== this.signature) {
      this.signature = signature;
      this.fields = new Map(definitions.map(d => [d.name, this.createField(d)]));
      this.list.replaceChildren(...[...this.fields.values()].map(f => f.input.closest('.field') as HTMLElement));
    }
    this.element.hidden = definitions.length === 0;
    for (const field of this.fields.values()) {
      setFieldValue(field.input, values[field.definition.name] ?? '');
      this.validate(field);
    }
  }

  /** Names of the parameters whose current value would be refused. */
  invalidNames(): Set<string> {
    return new Set([...this.fields.values()].filter(f => this.problemOf(f)).map(f => f.definition.name));
  }

  private createField(definition: ParameterDefinition): Field {
    const id = uniqueId('param');
    const messageId = `${id}-message`;
    const input = h('input', {
      id,
      type: 'text',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': messageId,
      placeholder: definition.default ?? '',
      'aria-required': definition.required ? 'true' : undefined,
    });
    const message = h('div', { id: messageId, class: 'field-message' });
    const field: Field = { definition, input, message };
    input.addEventListener('input', () => {
      this.validate(field);
      this.onValidityChange();
      post({ type: 'setParameter', name: definition.name, value: input.value });
    });
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: id },
        definition.label,
        h('span', { class: 'muted' }, ` (${definition.name} · ${definition.type})`),
      ),
      definition.description ? h('div', { class: 'muted' }, definition.description) : undefined,
      input,
      message,
    );
    return field;
  }

  private problemOf(field: Field): string | undefined {
    // A query needs a value for every parameter it uses: the one typed, else the playbook's default.
    const value = field.input.value.trim() || field.definition.default || '';
    return validateParameter({ ...field.definition, required: true }, value);
  }

  private validate(field: Field): void {
    const problem = this.problemOf(field);
    field.message.textContent = problem ?? '';
    field.input.setAttribute('aria-invalid', problem ? 'true' : 'false');
  }
}
