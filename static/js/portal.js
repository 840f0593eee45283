// Progressive enhancement only: every page works without this script.
import { initAll } from "../build/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// The library's results are swapped in as filters are ticked; keep the filters open (or
// folded) as the member left them, rather than as the new page's markup has them.
let filtersOpen = null;
document.body.addEventListener("htmx:beforeSwap", () => {
  const filters = document.getElementById("filters");
  filtersOpen = filters ? filters.open : null;
});
document.body.addEventListener("htmx:load", () => {
  const filters = document.getElementById("filters");
  if (filters && filtersOpen !== null) filters.open = filtersOpen;
});
