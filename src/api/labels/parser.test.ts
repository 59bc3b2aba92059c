import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../status-error.js';
import { parseRequirements, SelectorParseError } from './parser.js';
import type { LabelRequirement } from './requirement.js';
import { parseLabelSelector } from './selector.js';

// Upstream TestSelectorParse: good strings re-stringify to themselves without spaces.
const good = ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'];
for (const s of good) {
  test(`parse ${JSON.stringify(s)} round-trips`, () => {
    assert.equal(parseLabelSelector(s).toString(), s.replaceAll(' ', ''));
  });
}

test('parsing is deterministic (sorted by key)', () => {
  assert.equal(parseLabelSelector('x=a,a=x').toString(), parseLabelSelector('a=x,x=a').toString());
  assert.equal(parseLabelSelector('x=a,a=x').toString(), 'a=x,x=a');
});

const r = (key: string, operator: LabelRequirement['operator'], ...values: string[]): LabelRequirement => ({
  key,
  operator,
  values,
});

// Upstream TestSetSelectorParser (valid inputs and the requirements they give).
const parsed: [string, LabelRequirement[]][] = [
  ['', []],
  ['\rx', [r('x', 'exists')]],
  ['this-is-a-dns.domain.com/key-with-dash', [r('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
  [
    'this-is-another-dns.domain.com/key-with-dash in (so,what)',
    [r('this-is-another-dns.domain.com/key-with-dash', 'in', 'so', 'what')],
  ],
  [
    '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
    [r('0.1.2.domain/99', 'notin', '10.10.100.1', 'tick.tack.clock')],
  ],
  ['foo  in\t (abc)', [r('foo', 'in', 'abc')]],
  ['x notin\n (abc)', [r('x', 'notin', 'abc')]],
  ['x  notin\t\t\t(abc,def)', [r('x', 'notin', 'abc', 'def')]],
  ['x in (abc,def)', [r('x', 'in', 'abc', 'def')]],
  ['x in (abc,)', [r('x', 'in', '', 'abc')]],
  ['x in (abc,abc)', [r('x', 'in', 'abc')]],
  ['x in ()', [r('x', 'in', '')]],
  ['x in (a,,)', [r('x', 'in', '', 'a')]],
  ['x in (a,,,)', [r('x', 'in', '', 'a')]],
  ['x in (a,,,,,,)', [r('x', 'in', '', 'a')]],
  ['x in (a,,a,,a,,a,,)', [r('x', 'in', '', 'a')]],
  [
    'x notin (abc,,def),bar,z in (),w',
    [r('bar', 'exists'), r('w', 'exists'), r('x', 'notin', '', 'abc', 'def'), r('z', 'in', '')],
  ],
  ['x,y in (a)', [r('x', 'exists'), r('y', 'in', 'a')]],
  ['x=a', [r('x', '=', 'a')]],
  ['x==a', [r('x', '==', 'a')]],
  ['x>1', [r('x', 'gt', '1')]],
  ['x<7', [r('x', 'lt', '7')]],
  ['x=a,y!=b', [r('x', '=', 'a'), r('y', '!=', 'b')]],
  ['x=a,y!=b,z in (h,i,j)', [r('x', '=', 'a'), r('y', '!=', 'b'), r('z', 'in', 'h', 'i', 'j')]],
  ['x notin ( )', [r('x', 'notin', '')]],
  ['x notin (, a)', [r('x', 'notin', '', 'a')]],
  ['a ', [r('a', 'exists')]],
  ['a in (x,y,notin, z,in)', [r('a', 'in', 'in', 'notin', 'x', 'y', 'z')]],
  ['notin=in', [r('notin', '=', 'in')]],
];

for (const [input, want] of parsed) {
  test(`parse ${JSON.stringify(input)}`, () => {
    assert.deepEqual(parseRequirements(input), want);
  });
}

const labelValueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const nameRule =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const binaryOps = 'in, notin, =, ==, !=, gt, lt';

// Invalid inputs of upstream TestSelectorParse / TestSetSelectorParser, with the messages kube-apiserver sends.
const bad: [string, string][] = [
  ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${labelValueRule}`],
  ['x==a==b', "found '==', expected: ',' or 'end of string'"],
  ['!x=a', "found '=', expected: ',' or 'end of string'"],
  [
    'x<a',
    `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
  ],
  ['x,,y', "found ',', expected: identifier after ','"],
  [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
  ['x nott in (y)', `unable to parse requirement: found 'nott', expected: ${binaryOps}`],
  ['a in (xyz),', "found '', expected: identifier after ','"],
  ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
  ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
  ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
  ['a (', `unable to parse requirement: found '(', expected: ${binaryOps}`],
  ['(', "found '(', expected: !, identifier, or 'end of string'"],
  ['a in', "unable to parse requirement: found '' expected: '('"],
  ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
  ['a in (b,', "unable to parse requirement: found '', expected: ',', or identifier"],
  ['x>=1', "unable to parse requirement: found '=', expected: identifier"],
  ['x!', `unable to parse requirement: found '!', expected: ${binaryOps}`],
  ['app/=x', `unable to parse requirement: <nil>: Invalid value: "app/": name part must be non-empty; ${nameRule}`],
  [
    'a/b/c',
    `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${nameRule.slice('name part '.length)} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
  ],
  [
    `x=${'a'.repeat(64)}`,
    `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
  ],
  ['x in (a b,c)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
  [
    'x in (-a,b_)',
    `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${labelValueRule}, values[1][x]: Invalid value: "b_": ${labelValueRule}]`,
  ],
  // Negative numbers are not label values, so `>` can never take one.
  ['x>-3', `unable to parse requirement: values[0][x]: Invalid value: "-3": ${labelValueRule}`],
  [
    'x>99999999999999999999',
    "unable to parse requirement: values[0]: Invalid value: \"99999999999999999999\": for 'Gt', 'Lt' operators, the value must be an integer",
  ],
];

for (const [input, message] of bad) {
  test(`parse ${JSON.stringify(input)} fails like kube-apiserver`, () => {
    assert.throws(
      () => parseRequirements(input),
      (err: unknown) => {
        assert.ok(err instanceof SelectorParseError);
        assert.equal(err.message, message);
        return true;
      },
    );
    assert.throws(
      () => parseLabelSelector(input),
      (err: unknown) => {
        assert.ok(err instanceof StatusError);
        assert.equal(err.code, 400);
        assert.equal(err.reason, 'BadRequest');
        assert.equal(err.message, message);
        return true;
      },
    );
  });
}
