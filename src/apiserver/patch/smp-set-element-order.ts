/**
 * Validation of a `$setElementOrder/<list>` directive against its patch list (apimachinery
 * `validatePatchWithSetOrderList`): the non-directive patch items must appear in the directive, in the same
 * relative order.
 */

import { goValue } from './go-format.js';
import { hasOwn, isObject } from './json-value.js';
import { badArgType, noMergeKey, smpFailure } from './smp-errors.js';
import { directiveMarker, splitDeleteItems } from './smp-lists.js';

function sameItem(patchItem: unknown, orderItem: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return patchItem === orderItem;
  if (!isObject(patchItem)) throw badArgType('map', patchItem);
  if (!isObject(orderItem)) throw badArgType('map', orderItem);
  if (!hasOwn(patchItem, mergeKey)) throw noMergeKey(patchItem, mergeKey);
  if (!hasOwn(orderItem, mergeKey)) throw noMergeKey(orderItem, mergeKey);
  return patchItem[mergeKey] === orderItem[mergeKey];
}

export function validateSetElementOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey === '' ? patchList : splitDeleteItems(patchList)[0];
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isObject(item) && hasOwn(item, directiveMarker)) {
      p++;
      continue;
    }
    if (sameItem(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw smpFailure(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match $setElementOrder list:\n${goValue(order)}\n`,
    );
  }
}
