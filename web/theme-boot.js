// Applies the chosen theme before the first paint (no flash); app.js keeps it in sync afterwards. A file rather
// than an inline script, so that the Content-Security-Policy can allow only our own scripts.
try {
  const theme = localStorage.getItem('taskchat:theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.setAttribute('data-theme', theme);
} catch {
  // Storage can be unavailable (private mode); the system theme applies.
}
