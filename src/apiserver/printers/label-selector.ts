/**
 * Label and label-selector formatting as apimachinery prints them (`labels.FormatLabels`,
 * `metav1.LabelSelectorAsSelector(...).String()`, `metav1.FormatLabelSelector`): the label package's own.
 */
export { formatLabelSelector, formatLabels, labelSelectorString } from '../../api/labels/index.js';
