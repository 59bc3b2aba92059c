/** htm bound to Preact's h: tagged templates instead of JSX, so the app runs without a build step. */
import htm from 'htm';
import { h } from 'preact';

export const html = htm.bind(h);
