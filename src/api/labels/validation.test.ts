import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQualifiedName, isValidLabelValue } from './validation.js';

const nameRule =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const subdomainRule =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const keys: [string, string[]][] = [
  ['app', []],
  ['app.kubernetes.io/name', []],
  ['k8s.io/x_Y.z-1', []],
  ['A', []],
  ['a'.repeat(63), []],
  ['a'.repeat(64), ['name part must be no more than 63 characters']],
  ['', ['name part must be non-empty', `name part ${nameRule}`]],
  ['-a', [`name part ${nameRule}`]],
  ['/a', ['prefix part must be non-empty']],
  ['Example.com/a', [`prefix part ${subdomainRule}`]],
  [`${'a'.repeat(254)}/a`, ['prefix part must be no more than 253 characters']],
  ['ä', [`name part ${nameRule}`]],
];

for (const [key, errs] of keys) {
  test(`label key ${JSON.stringify(key.slice(0, 20))}`, () => {
    assert.deepEqual(isQualifiedName(key), errs);
  });
}

const valueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const values: [string, string[]][] = [
  ['', []],
  ['v1.2_3-x', []],
  ['a'.repeat(63), []],
  ['a'.repeat(64), ['must be no more than 63 characters']],
  ['a/b', [valueRule]],
  ['_a', [valueRule]],
  ['-'.repeat(64), ['must be no more than 63 characters', valueRule]],
];

for (const [value, errs] of values) {
  test(`label value ${JSON.stringify(value.slice(0, 20))}`, () => {
    assert.deepEqual(isValidLabelValue(value), errs);
  });
}
