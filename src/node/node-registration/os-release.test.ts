import assert from 'node:assert/strict';
import { test } from 'node:test';
import { osImageOf, parseOsRelease } from './os-release.js';

test('parseOsRelease reads quoted and bare values', () => {
  const text = [
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    'NAME="Debian GNU/Linux"',
    'VERSION_ID=12',
    "ID_LIKE='rhel fedora'",
    '# a comment',
    '',
    'BROKEN LINE',
    'ESCAPED="say \\"hi\\""',
  ].join('\n');
  assert.deepEqual(parseOsRelease(text), {
    PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
    NAME: 'Debian GNU/Linux',
    VERSION_ID: '12',
    ID_LIKE: 'rhel fedora',
    ESCAPED: 'say "hi"',
  });
});

test('osImageOf prefers PRETTY_NAME', () => {
  const cases: [Record<string, string>, string | undefined][] = [
    [{ PRETTY_NAME: 'Ubuntu 24.04.1 LTS', NAME: 'Ubuntu' }, 'Ubuntu 24.04.1 LTS'],
    [{ NAME: 'Alpine Linux', VERSION: '3.20' }, 'Alpine Linux 3.20'],
    [{}, undefined],
  ];
  for (const [vars, want] of cases) assert.equal(osImageOf(vars), want);
});
