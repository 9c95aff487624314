// Draws the insight pages' charts: a progressive enhancement. Each chart's figure already
// holds a text summary and a data table rendered by Django; this script only adds the picture.
//
// A figure names, in data-vega-lite-spec, the id of the <script type="application/json">
// element (Django's json_script) that holds its Vega-Lite spec, and holds an empty, hidden
// [data-chart-slot] element for the chart.
//
// The site's Content Security Policy allows no eval and no inline <style>, so vega-embed is
// told to interpret expressions (vega-interpreter) rather than compile them with Function,
// to inject no style sheet, and to add no tooltip handler (vega-tooltip would inject one).
// esbuild bundles this file into build/static/charts.js.
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

const EMBED_OPTIONS = Object.freeze({
  mode: "vega-lite",
  renderer: "svg",
  ast: true,
  expr: expressionInterpreter,
  defaultStyle: false,
  actions: false,
  tooltip: false,
  hover: false,
});

function specFor(figure) {
  const source = document.getElementById(figure.dataset.vegaLiteSpec);
  if (!source) {
    throw new Error(`No chart spec element with id "${figure.dataset.vegaLiteSpec}"`);
  }
  const spec = JSON.parse(source.textContent);
  // The figcaption already shows the title (downloads keep it); and embed options never come
  // from the spec, whatever it says.
  delete spec.title;
  delete spec.usermeta;
  return spec;
}

async function renderChart(figure) {
  const slot = figure.querySelector("[data-chart-slot]");
  if (!slot || figure.dataset.chartState) {
    return;
  }
  figure.dataset.chartState = "rendering";
  try {
    // The slot is role="img", labelled with the summary. Vega labels the element it draws in
    // with roles of its own, so it draws in an inner element that is hidden from assistive
    // technology: the summary and the table say everything the drawing does.
    const drawing = document.createElement("div");
    drawing.className = "app-chart__drawing";
    drawing.setAttribute("aria-hidden", "true");
    slot.replaceChildren(drawing);
    // Shown before drawing: a chart sized to its container measures the container.
    slot.hidden = false;
    await embed(drawing, specFor(figure), EMBED_OPTIONS);
    figure.dataset.chartState = "rendered";
  } catch (error) {
    // The summary and the table still say everything the chart would have.
    slot.hidden = true;
    slot.replaceChildren();
    figure.dataset.chartState = "failed";
    console.error("Chart could not be drawn", error);
  }
}

export function renderCharts(root = document) {
  return Promise.all(Array.from(root.querySelectorAll("[data-vega-lite-spec]"), renderChart));
}

renderCharts();
// Charts that arrive in content swapped in by htmx.
document.addEventListener("htmx:after:settle", () => renderCharts());
