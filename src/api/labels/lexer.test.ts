import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lexer, scan, type Token } from './lexer.js';

// Upstream TestLexer: Lex returns the longest valid token found.
const single: [string, Token][] = [
  ['', 'end'],
  [',', 'comma'],
  ['notin', 'notIn'],
  ['in', 'in'],
  ['=', 'equals'],
  ['==', 'doubleEquals'],
  ['>', 'greaterThan'],
  ['<', 'lessThan'],
  ['!', 'doesNotExist'],
  ['!=', 'notEquals'],
  ['(', 'openPar'],
  [')', 'closedPar'],
  ['~', 'identifier'],
  ['||', 'identifier'],
];

for (const [input, token] of single) {
  test(`lex ${JSON.stringify(input)} is ${token}`, () => {
    const item = new Lexer(input).lex();
    assert.equal(item.token, token);
    assert.equal(item.literal, input);
  });
}

// Upstream TestLexerSequence / TestParserLookahead.
const sequences: [string, Token[]][] = [
  ['key in ( value )', ['identifier', 'in', 'openPar', 'identifier', 'closedPar']],
  ['key notin ( value )', ['identifier', 'notIn', 'openPar', 'identifier', 'closedPar']],
  ['key in ( value1, value2 )', ['identifier', 'in', 'openPar', 'identifier', 'comma', 'identifier', 'closedPar']],
  ['key', ['identifier']],
  ['!key', ['doesNotExist', 'identifier']],
  ['()', ['openPar', 'closedPar']],
  ['x in (),y', ['identifier', 'in', 'openPar', 'closedPar', 'comma', 'identifier']],
  ['== != (), = notin', ['doubleEquals', 'notEquals', 'openPar', 'closedPar', 'comma', 'equals', 'notIn']],
  ['key>2', ['identifier', 'greaterThan', 'identifier']],
  ['key<1', ['identifier', 'lessThan', 'identifier']],
  ['a!==b', ['identifier', 'notEquals', 'equals', 'identifier']],
  ['a===b', ['identifier', 'doubleEquals', 'equals', 'identifier']],
  // A NUL byte ends an identifier without being a token (Go reads it as 0).
  ['a\0b', ['identifier', 'identifier']],
];

for (const [input, tokens] of sequences) {
  test(`scan ${JSON.stringify(input)}`, () => {
    assert.deepEqual(
      scan(input).map((i) => i.token),
      [...tokens, 'end'],
    );
  });
}
