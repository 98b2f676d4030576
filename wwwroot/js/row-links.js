// A click anywhere on a table row marked data-row-link follows the row's first link, so that rows can be plain markup
// (no event handler per row in each open page's render tree). Blazor intercepts the link's click and navigates in-app.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.target.closest("a, button, input, select")) return;
  const row = e.target.closest("tr[data-row-link]");
  row?.querySelector("a[href]")?.click();
});
