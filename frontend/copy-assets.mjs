// Copies the browser files the pages load into build/static, beside the compiled CSS.
// Django's staticfiles serves that folder; nothing under build/ is committed.
import { cpSync, mkdirSync } from "node:fs";

const out = "build/static";
mkdirSync(`${out}/govuk`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk/govuk-frontend.min.js`);
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx.min.js`);
cpSync("frontend/js", out, { recursive: true });
cpSync("frontend/images", `${out}/images`, { recursive: true });
