/** Kubernetes label selectors (apimachinery `pkg/labels` and `metav1` label selector helpers). */
export type { ScannedItem, Token } from './lexer.js';
export { newRequirement, parseRequirements, SelectorParseError } from './parser.js';
export type { LabelOperator, LabelRequirement, Labels } from './requirement.js';
export { requirementMatches, requirementString } from './requirement.js';
export {
  everything,
  formatLabelSelector,
  formatLabels,
  LabelSelectorMatcher,
  labelSelectorFromObject,
  labelSelectorString,
  nothing,
  parseLabelSelector,
  selectorFromSet,
} from './selector.js';
export { isQualifiedName, isValidLabelValue } from './validation.js';
