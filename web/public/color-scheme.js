// Applies the saved colour scheme before the first paint. It is a file, not an inline script,
// because the server's Content-Security-Policy allows scripts from 'self' only. It mirrors
// Mantine's localStorageColorSchemeManager (same key, same values).
(() => {
  try {
    const saved = window.localStorage.getItem('mantine-color-scheme-value');
    const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const scheme = saved === 'light' || saved === 'dark' ? saved : prefersDark ? 'dark' : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch {
    // Storage can be unavailable (private modes, disabled cookies); Mantine falls back on its own.
  }
})();
