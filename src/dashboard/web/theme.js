/** Light and dark themes: the system's preference until the user picks one, remembered in localStorage. */
import { useState } from 'preact/hooks';
import { html } from './html.js';

const key = 'kubeling-dashboard-theme';

function initialTheme() {
  const saved = localStorage.getItem(key);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function ThemeToggle() {
  const [theme, setTheme] = useState(() => {
    const t = initialTheme();
    document.documentElement.dataset.theme = t;
    return t;
  });
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem(key, next);
    setTheme(next);
  };
  return html`<button class="action small" aria-pressed=${theme === 'dark'} onClick=${toggle}>Dark theme</button>`;
}
