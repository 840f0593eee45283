// Builds the portal's stylesheet from NHS.UK frontend's Sass and copies its script.
// Run by `make` (npm run build); the output in static/build/ is not committed.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "static", "scss", "portal.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (/url\(["']?(https?:)?\/\//.test(result.css)) {
  throw new Error("The stylesheet refers to a file on another site; everything must be served from the portal.");
}
writeFileSync(join(out, "portal.css"), result.css);
copyFileSync(
  join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk", "nhsuk-frontend.min.js"),
  join(out, "nhsuk-frontend.min.js"),
);
// The icons the stylesheet refers to (not the NHS logo or favicon, which are trade marks).
const icons = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk", "assets", "images");
mkdirSync(join(out, "images"), { recursive: true });
for (const name of readdirSync(icons).filter((name) => name.startsWith("nhsuk-icon-") && name.endsWith(".svg"))) {
  copyFileSync(join(icons, name), join(out, "images", name));
}
console.log(`built static/build/portal.css (${result.css.length} bytes) and nhsuk-frontend.min.js`);
