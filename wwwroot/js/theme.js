// Remembers the light/dark choice for a year; the server reads the cookie when it prerenders the next page.
window.hdTheme = {
  save: (dark) => { document.cookie = `hd-theme=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`; },
};
