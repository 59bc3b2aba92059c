/** The garbage collector: cascading deletion through ownerReferences (Background, Foreground, Orphan). */
import type { Controller } from '../../client/framework-types.js';
import { garbageCollector as start } from './garbage-collector.js';

export { GarbageCollector, type GarbageCollectorOptions, garbageCollectorComponent } from './garbage-collector.js';

export const garbageCollector: Controller = start;
