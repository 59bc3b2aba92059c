/**
 * The label selector parser of apimachinery (`labels.Parse`), with its exact error messages:
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 */
import { badRequest } from '../status-error.js';
import { type ScannedItem, scan, type Token } from './lexer.js';
import {
  aggregateFieldErrors,
  compareGo,
  type LabelOperator,
  type LabelRequirement,
  labelKeyErrors,
  requirementErrors,
} from './requirement.js';

/** A parse failure; `message` is the text kube-apiserver answers with. */
export class SelectorParseError extends Error {
  override readonly name = 'SelectorParseError';
}

const binaryOperators = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

const operatorOfToken: Partial<Record<Token, LabelOperator>> = {
  in: 'in',
  equals: '=',
  doubleEquals: '==',
  greaterThan: 'gt',
  lessThan: 'lt',
  notIn: 'notin',
  notEquals: '!=',
};

type Context = 'keyAndOperator' | 'values';

class Parser {
  private readonly items: ScannedItem[];
  private position = 0;

  constructor(selector: string) {
    this.items = scan(selector);
  }

  /** The current token; in a values context the keywords `in` and `notin` are plain identifiers. */
  private lookahead(context: Context): ScannedItem {
    const item = this.items[this.position] ?? { token: 'end', literal: '' };
    if (context === 'values' && (item.token === 'in' || item.token === 'notIn')) {
      return { token: 'identifier', literal: item.literal };
    }
    return item;
  }

  private consume(context: Context): ScannedItem {
    const item = this.lookahead(context);
    this.position++;
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead('values');
      if (token === 'end') return requirements;
      if (token !== 'identifier' && token !== 'doesNotExist') {
        throw new SelectorParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (err) {
        if (err instanceof SelectorParseError) {
          throw new SelectorParseError(`unable to parse requirement: ${err.message}`);
        }
        throw err;
      }
      const next = this.consume('values');
      if (next.token === 'end') return requirements;
      if (next.token !== 'comma') {
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
      }
      const after = this.lookahead('values');
      if (after.token !== 'identifier' && after.token !== 'doesNotExist') {
        throw new SelectorParseError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, operator: inferred } = this.parseKeyAndInferOperator();
    if (inferred !== undefined) return newRequirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...values].sort(compareGo));
  }

  private parseKeyAndInferOperator(): { key: string; operator: LabelOperator | undefined } {
    let operator: LabelOperator | undefined;
    let item = this.consume('values');
    if (item.token === 'doesNotExist') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.token !== 'identifier') throw new SelectorParseError(`found '${item.literal}', expected: identifier`);
    const errs = labelKeyErrors(item.literal, '<nil>');
    if (errs.length > 0) throw new SelectorParseError(aggregateFieldErrors(errs));
    const next = this.lookahead('values').token;
    if ((next === 'end' || next === 'comma') && operator === undefined) operator = 'exists';
    return { key: item.literal, operator };
  }

  private parseOperator(): LabelOperator {
    const { token, literal } = this.consume('keyAndOperator');
    const operator = operatorOfToken[token];
    if (operator === undefined) {
      throw new SelectorParseError(`found '${literal}', expected: ${binaryOperators.join(', ')}`);
    }
    return operator;
  }

  private parseValues(): Set<string> {
    const open = this.consume('values');
    if (open.token !== 'openPar') throw new SelectorParseError(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.lookahead('values');
    if (token === 'identifier' || token === 'comma') {
      const values = this.parseIdentifiersList();
      if (this.consume('values').token !== 'closedPar') {
        throw new SelectorParseError(`found '${literal}', expected: ')'`);
      }
      return values;
    }
    if (token === 'closedPar') {
      this.consume('values');
      return new Set(['']);
    }
    throw new SelectorParseError(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume('values');
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead('values');
        if (next.token === 'comma') continue;
        if (next.token === 'closedPar') return values;
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token !== 'comma') throw new SelectorParseError(`found '${literal}', expected: ',', or identifier`);
      if (values.size === 0) values.add('');
      const next = this.lookahead('values').token;
      if (next === 'closedPar' || next === 'comma') values.add('');
      if (next === 'closedPar') return values;
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead('values').token;
    if (next === 'end' || next === 'comma') return new Set(['']);
    const { token, literal } = this.consume('values');
    if (token === 'identifier') return new Set([literal]);
    throw new SelectorParseError(`found '${literal}', expected: identifier`);
  }
}

/** `labels.NewRequirement`: throws SelectorParseError with the aggregated field errors. */
export function newRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length > 0) throw new SelectorParseError(aggregateFieldErrors(errs));
  return { key, operator, values: [...values] };
}

/** Stable sort by key (Go's `sort.Sort(ByKey)` on the short lists selectors have). */
export function sortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  return requirements.sort((a, b) => compareGo(a.key, b.key));
}

/** `labels.ParseToRequirements`: the requirements of `selector`, sorted by key. Throws SelectorParseError. */
export function parseRequirements(selector: string): LabelRequirement[] {
  return sortByKey(new Parser(selector).parse());
}

/** Like parseRequirements, but failures are 400 BadRequest StatusErrors with the upstream message. */
export function parseRequirementsOrBadRequest(selector: string): LabelRequirement[] {
  try {
    return parseRequirements(selector);
  } catch (err) {
    if (err instanceof SelectorParseError) throw badRequest(err.message);
    throw err;
  }
}
