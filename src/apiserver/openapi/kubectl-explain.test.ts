import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openapiV3DocumentBody, openapiV3Paths } from './index.js';
import { type Harness, hasKubectl, runKubectl, startKubectlHarness } from './testdata/kubectl-harness.js';

/** The real `kubectl explain` (which reads OpenAPI v3) against discovery plus kubeling's OpenAPI documents. */
const cases: { args: string[]; expect: RegExp[] }[] = [
  {
    args: ['explain', 'pod.spec'],
    expect: [
      /^KIND:\s+Pod$/m,
      /^FIELD: spec <PodSpec>$/m,
      /^ {2}containers\t<\[\]Container> -required-$/m,
      /List of containers belonging to the pod/,
    ],
  },
  {
    args: ['explain', 'deployment.spec.strategy'],
    expect: [
      /^GROUP:\s+apps$/m,
      /^FIELD: strategy <DeploymentStrategy>$/m,
      /rollingUpdate\t<RollingUpdateDeployment>/,
      /Type of deployment/,
    ],
  },
  {
    args: ['explain', 'svc', '--recursive'],
    expect: [
      /^KIND:\s+Service$/m,
      /^ {4}ports\t<\[\]ServicePort>$/m,
      /^ {6}targetPort\t<IntOrString>$/m,
      /^ {4}selector\t<map\[string\]string>$/m,
    ],
  },
  {
    args: ['explain', 'deploy.spec.strategy.rollingUpdate.maxSurge'],
    expect: [/^FIELD: maxSurge <IntOrString>$/m, /IntOrString is a type that can hold an int32 or a string/],
  },
];

for (const minor of [27, 33]) {
  describe(`kubectl 1.${minor} explain`, {
    skip: hasKubectl(minor) ? false : `kubectl 1.${minor} is not installed`,
  }, () => {
    let h: Harness;
    before(async () => {
      h = await startKubectlHarness({
        openapiV3: (path) => {
          if (path === '/openapi/v3')
            return { contentType: 'application/json', body: JSON.stringify({ paths: openapiV3Paths() }) };
          const doc = openapiV3DocumentBody(path);
          return doc && { contentType: 'application/json', body: doc.json };
        },
      });
    });
    after(() => h.close());

    for (const { args, expect } of cases) {
      it(args.join(' '), async () => {
        const r = await runKubectl(minor, h.url, args);
        assert.equal(r.code, 0, r.stderr);
        for (const re of expect) assert.match(r.stdout, re);
      });
    }
  });
}
