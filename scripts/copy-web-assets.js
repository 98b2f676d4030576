// Copies browser libraries from node_modules into the top-level wwwroot/lib (git-ignored).
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const assets = [
  ["node_modules/plotly.js-dist-min/plotly.min.js", "wwwroot/lib/plotly/plotly.min.js"],
];

for (const [from, to] of assets) {
  const src = path.join(root, from);
  const dst = path.join(root, to);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.copyFileSync(src, dst);
  console.log(`copied ${from} -> ${to}`);
}
