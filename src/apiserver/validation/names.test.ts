import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from './names.js';

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const qualifiedMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('names: upstream messages', () => {
  const cases: [string, string[], string[]][] = [
    ['isDNS1123Subdomain BadName', isDNS1123Subdomain('BadName'), [subdomainMsg]],
    ['isDNS1123Subdomain ok', isDNS1123Subdomain('a.b-c.d'), []],
    ['isDNS1123Subdomain too long', isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']],
    ['isDNS1123Label dots', isDNS1123Label('my.name'), ['must not contain dots']],
    ['isDNS1123Label leading dash', isDNS1123Label('-x'), [labelMsg]],
    ['isDNS1123Label too long', isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']],
    [
      'isDNS1035Label digit first',
      isDNS1035Label('1svc'),
      [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [
      'isQualifiedName two slashes',
      isQualifiedName('a/b/c'),
      [`a qualified name ${qualifiedMsg} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ],
    ['isQualifiedName empty prefix', isQualifiedName('/x'), ['prefix part must be non-empty']],
    ['isQualifiedName empty name', isQualifiedName('x/'), ['name part must be non-empty', `name part ${qualifiedMsg}`]],
    ['isQualifiedName bad prefix', isQualifiedName('Ex/x'), [`prefix part ${subdomainMsg}`]],
    ['isQualifiedName ok', isQualifiedName('app.kubernetes.io/name'), []],
    ['isValidLabelValue long', isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']],
    ['isValidLabelValue empty', isValidLabelValue(''), []],
    ['isValidPortNum 0', isValidPortNum(0), ['must be between 1 and 65535, inclusive']],
    [
      'isValidPortName upper',
      isValidPortName('Http'),
      ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ],
    ['isValidPortName digits', isValidPortName('8080'), ['must contain at least one letter (a-z)']],
    [
      'isValidPortName hyphens',
      isValidPortName('a--b-'),
      ['must not contain consecutive hyphens', 'must not begin or end with a hyphen'],
    ],
    ['isValidPortName long', isValidPortName('abcdefghijklmnop'), ['must be no more than 15 characters']],
    ['isConfigMapKey ..', isConfigMapKey('..'), ["must not be '..'"]],
    [
      'isConfigMapKey space',
      isConfigMapKey('a b'),
      [
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    [
      'isRelaxedEnvVarName =',
      isRelaxedEnvVarName('A=B'),
      ["a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ],
    ['isRelaxedEnvVarName digit first is fine', isRelaxedEnvVarName('1X'), []],
    [
      'isValidPercent',
      isValidPercent('abc'),
      [
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    ['generateName prefix with trailing dash', nameIsDNSSubdomain('web-', true), []],
    ['name with trailing dash', nameIsDNSSubdomain('web-', false), [subdomainMsg]],
  ];
  for (const [name, got, want] of cases) {
    it(name, () => assert.deepEqual(got, want));
  }
});
