/**
 * One label requirement (`key in (a,b)`, `key!=v`, `!key`, `key>3` ...) as apimachinery's `labels.Requirement`:
 * construction with validation, matching, and the canonical string form.
 */
import { type FieldError, fieldErrorMessage } from '../status-error.js';
import { isQualifiedName, isValidLabelValue } from './validation.js';

/** `selection.Operator`, with the same spellings. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** As given (parsed selectors give them sorted and without duplicates). */
  readonly values: readonly string[];
}

/** Labels of an object; `undefined` is the empty set. */
export type Labels = Readonly<Record<string, string>> | undefined;

/** The field errors of a label key (`validateLabelKey`); `field` is the path to report under. */
export function labelKeyErrors(key: string, field: string): FieldError[] {
  const errs = isQualifiedName(key);
  return errs.length === 0 ? [] : [{ type: 'FieldValueInvalid', field, badValue: key, detail: errs.join('; ') }];
}

function labelValueErrors(key: string, value: string, field: string): FieldError[] {
  const errs = isValidLabelValue(value);
  return errs.length === 0
    ? []
    : [{ type: 'FieldValueInvalid', field: `${field}[${key}]`, badValue: value, detail: errs.join('; ') }];
}

const int64 = /^[+-]?[0-9]+$/;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Go's `strconv.ParseInt(s, 10, 64)`: the value, or undefined when it is not a base-10 int64. */
export function parseInt64(s: string): bigint | undefined {
  if (!int64.test(s)) return undefined;
  const n = BigInt(s);
  return n < int64Min || n > int64Max ? undefined : n;
}

/**
 * The validation of `labels.NewRequirement`, with its field paths (`key`, `values`, `values[0]`,
 * `values[0][<key>]`). `badValues` is what the `values` errors show (Go prints a nil slice as `null`).
 */
export function requirementErrors(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
  badValues: readonly string[] | null = values,
): FieldError[] {
  const errs: FieldError[] = labelKeyErrors(key, 'key');
  const invalidValues = (detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: 'values',
    badValue: badValues,
    detail,
  });
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(invalidValues("for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(invalidValues('exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(invalidValues('values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(invalidValues("for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push({
            type: 'FieldValueInvalid',
            field: `values[${i}]`,
            badValue: v,
            detail: "for 'Gt', 'Lt' operators, the value must be an integer",
          });
        }
      });
      break;
  }
  values.forEach((v, i) => {
    errs.push(...labelValueErrors(key, v, `values[${i}]`));
  });
  return errs;
}

/** `ErrorList.ToAggregate().Error()`: one message, or `[a, b]` for several (duplicates dropped). */
export function aggregateFieldErrors(errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorMessage))];
  return messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]`;
}

function lookup(labels: Labels, key: string): string | undefined {
  return labels !== undefined && Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** `Requirement.Matches`. */
export function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  const value = lookup(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
    case 'gt':
    case 'lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(r.values[0] ?? '');
      if (have === undefined || want === undefined) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

const operatorText: Record<LabelOperator, string> = {
  in: ' in ',
  notin: ' notin ',
  '=': '=',
  '==': '==',
  '!=': '!=',
  exists: '',
  '!': '',
  gt: '>',
  lt: '<',
};

/** Byte-wise string order, as Go's `sort.Strings`. */
export function compareGo(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `Requirement.String`: `!k`, `k`, `k=v`, `k in (a,b)` (values sorted on output). */
export function requirementString(r: LabelRequirement): string {
  if (r.operator === '!') return `!${r.key}`;
  if (r.operator === 'exists') return r.key;
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort(compareGo).join(',');
  const list = r.operator === 'in' || r.operator === 'notin' ? `(${values})` : values;
  return `${r.key}${operatorText[r.operator]}${list}`;
}
