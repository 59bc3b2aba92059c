import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ContainerView, type PodPlan, planPod, type RestartPolicy } from './sync-plan.js';

const fresh = (name: string): ContainerView => ({ name, active: false, lastExitCode: undefined });
const active = (name: string): ContainerView => ({ name, active: true, lastExitCode: undefined });
const exited = (name: string, code: number): ContainerView => ({ name, active: false, lastExitCode: code });

describe('pod sync plan', () => {
  const table: {
    what: string;
    policy: RestartPolicy;
    init?: ContainerView[];
    main: ContainerView[];
    want: Partial<PodPlan>;
  }[] = [
    {
      what: 'a new pod starts its containers in order',
      policy: 'Always',
      main: [fresh('a'), fresh('b')],
      want: { start: ['a', 'b'], done: false },
    },
    {
      what: 'running containers need nothing',
      policy: 'Always',
      main: [active('a')],
      want: { start: [], restart: [], done: false },
    },
    {
      what: 'Always restarts a success',
      policy: 'Always',
      main: [exited('a', 0)],
      want: { restart: ['a'], done: false },
    },
    { what: 'OnFailure restarts a failure', policy: 'OnFailure', main: [exited('a', 1)], want: { restart: ['a'] } },
    {
      what: 'OnFailure keeps a success',
      policy: 'OnFailure',
      main: [exited('a', 0)],
      want: { restart: [], done: true },
    },
    { what: 'Never keeps a failure', policy: 'Never', main: [exited('a', 1)], want: { restart: [], done: true } },
    {
      what: 'Never waits for the other container',
      policy: 'Never',
      main: [exited('a', 0), active('b')],
      want: { done: false },
    },
    {
      what: 'init containers first, one at a time',
      policy: 'Always',
      init: [fresh('i1'), fresh('i2')],
      main: [fresh('a')],
      want: { start: ['i1'], initializing: true },
    },
    {
      what: 'the next init container after a success',
      policy: 'Always',
      init: [exited('i1', 0), fresh('i2')],
      main: [fresh('a')],
      want: { start: ['i2'], initializing: true },
    },
    {
      what: 'waits for a running init container',
      policy: 'Always',
      init: [active('i1')],
      main: [fresh('a')],
      want: { start: [], restart: [], initializing: true },
    },
    {
      what: 'retries a failed init container',
      policy: 'OnFailure',
      init: [exited('i1', 1)],
      main: [fresh('a')],
      want: { restart: ['i1'], initializing: true, done: false },
    },
    {
      what: 'a failed init container ends a Never pod',
      policy: 'Never',
      init: [exited('i1', 1)],
      main: [fresh('a')],
      want: { restart: [], done: true },
    },
    {
      what: 'a changed definition restarts even under Never',
      policy: 'Never',
      main: [{ name: 'a', active: false, lastExitCode: 143, restartAnyway: true }],
      want: { restart: ['a'], done: false },
    },
    {
      what: 'main containers once init is done',
      policy: 'Always',
      init: [exited('i1', 0)],
      main: [fresh('a')],
      want: { start: ['a'], initializing: false },
    },
  ];
  for (const c of table) {
    it(c.what, () => {
      const plan = planPod(c.policy, c.init ?? [], c.main);
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual(plan[k as keyof PodPlan], v, k);
    });
  }
});
