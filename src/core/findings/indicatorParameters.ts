// Which of the playbook's parameters an indicator can fill ("Use as parameter value"): parameters of the matching
// type first; only when none has it, string parameters whose pattern accepts the value (an sgr- or vol- id). A
// string parameter without a pattern accepts anything, so it is never offered.
import type { ParameterDefinition, ParameterType } from '../playbook/model';
import { validateParameter } from '../playbook/parameters';
import type { Indicator, IndicatorType } from './model';

const TYPES: Record<IndicatorType, readonly ParameterType[]> = {
  ip: ['ip', 'ipv4', 'ipv6'],
  'access-key': ['accessKeyId'],
  principal: ['arn'],
  account: ['accountId'],
  instance: ['instanceId'],
  'security-group': ['securityGroupId'],
  resource: ['arn'],
  domain: [],
  email: [],
};

export function parametersForIndicator(
  indicator: Indicator,
  definitions: readonly ParameterDefinition[],
): ParameterDefinition[] {
  const accepts = (d: ParameterDefinition) => validateParameter(d, indicator.value) === undefined;
  const typed = definitions.filter(d => TYPES[indicator.type].includes(d.type) && accepts(d));
  if (typed.length) return typed;
  return definitions.filter(d => d.type === 'string' && d.pattern !== undefined && accepts(d));
}
