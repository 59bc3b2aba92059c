import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  base64Error,
  quantityError,
  quantityFormatError,
  quantitySuffixError,
  rfc3339Error,
} from './scalar-formats.js';

describe('quantityError (resource.ParseQuantity)', () => {
  const cases: [string, string | undefined][] = [
    ['100m', undefined],
    ['1Gi', undefined],
    ['1.5', undefined],
    ['-2', undefined],
    ['1e3', undefined],
    ['1E', undefined],
    ['0', undefined],
    ['', quantityFormatError],
    ['abc', quantityFormatError],
    ['1Q', quantityFormatError],
    ['1 Gi', quantityFormatError],
    ['true', quantityFormatError],
    ['1kk', quantitySuffixError],
    ['1e', quantitySuffixError],
    ['1+2', quantitySuffixError],
  ];
  for (const [input, want] of cases) {
    it(JSON.stringify(input), () => assert.equal(quantityError(input), want));
  }
  it('words the format error with the regular expression', () => {
    assert.equal(
      quantityFormatError,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });
});

describe('base64Error (encoding/base64 StdEncoding)', () => {
  const cases: [string, number | undefined][] = [
    ['', undefined],
    ['YWRtaW4=', undefined],
    ['YQ==', undefined],
    ['YWJj', undefined],
    ['YWJj\nZGVm', undefined],
    ['abc', 0],
    ['YWRtaW4', 4],
    ['Y!==', 1],
    ['Y===', 1],
    ['YQ=a', 2],
    ['YQ=', 3],
    ['YQ==YQ==', 4],
  ];
  for (const [input, offset] of cases) {
    it(JSON.stringify(input), () =>
      assert.equal(
        base64Error(input),
        offset === undefined ? undefined : `illegal base64 data at input byte ${offset}`,
      ),
    );
  }
});

describe('rfc3339Error (time.Parse RFC3339)', () => {
  const layout = '"2006-01-02T15:04:05Z07:00"';
  const cases: [string, string | undefined][] = [
    ['2024-02-29T10:00:00Z', undefined],
    ['2024-02-29T10:00:00.123456789+02:00', undefined],
    ['abc', `parsing time "abc" as ${layout}: cannot parse "abc" as "2006"`],
    ['2024-1-01T00:00:00Z', `parsing time "2024-1-01T00:00:00Z" as ${layout}: cannot parse "1-01T00:00:00Z" as "01"`],
    ['2024-01-01 00:00:00Z', `parsing time "2024-01-01 00:00:00Z" as ${layout}: cannot parse " 00:00:00Z" as "T"`],
    ['2024-01-01T00:00:00', `parsing time "2024-01-01T00:00:00" as ${layout}: cannot parse "" as "Z07:00"`],
    ['2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
    ['2024-01-01T00:00:00Zjunk', 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"'],
  ];
  for (const [input, want] of cases) {
    it(input, () => assert.equal(rfc3339Error(input), want));
  }
});
