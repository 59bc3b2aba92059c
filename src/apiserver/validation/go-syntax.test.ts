import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goIntOrString, goLabelSelector, goQuote, goStringMap, goStringSlice } from './go-syntax.js';

describe('Go %#v rendering', () => {
  const cases: [string, string, string][] = [
    ['map sorted', goStringMap({ b: '2', a: '1' }), 'map[string]string{"a":"1", "b":"2"}'],
    ['nil map', goStringMap(undefined), 'map[string]string(nil)'],
    ['empty map', goStringMap({}), 'map[string]string{}'],
    ['string slice', goStringSlice(['10.0.0.1', '::1']), '[]string{"10.0.0.1", "::1"}'],
    ['nil slice', goStringSlice(undefined), '[]string(nil)'],
    ['quote escapes', goQuote('a"b\\\n\t'), '"a\\"b\\\\\\n\\t"'],
    ['quote control', goQuote('\x01\x7f'), '"\\x01\\x7f"'],
    ['quote unicode printable', goQuote('héllo'), '"héllo"'],
    ['intstr int', goIntOrString(8080), 'intstr.IntOrString{Type:0, IntVal:8080, StrVal:""}'],
    ['intstr string', goIntOrString('25%'), 'intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}'],
    [
      'selector',
      goLabelSelector({ matchLabels: { app: 'y' } }),
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    ],
    [
      'selector with expressions',
      goLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }),
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string{"a"}}}}',
    ],
  ];
  for (const [name, got, want] of cases) it(name, () => assert.equal(got, want));
});
