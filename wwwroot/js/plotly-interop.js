// Thin interop for the PlotlyChart component. plotly.js (3.5 MB) loads on first use only.
let plotlyLoading;

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  plotlyLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "lib/plotly/plotly.min.js";
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error("plotly.js failed to load from lib/plotly (run npm install)"));
    document.head.appendChild(script);
  });
  return plotlyLoading;
}

const baseLayout = {
  margin: { l: 56, r: 16, t: 16, b: 48 },
  paper_bgcolor: "rgba(0,0,0,0)",
  plot_bgcolor: "rgba(0,0,0,0)",
  font: { color: getComputedStyle(document.documentElement).getPropertyValue("--rz-text-color") || undefined },
};

export async function render(element, data, layout) {
  const Plotly = await loadPlotly();
  await Plotly.react(element, data, { ...baseLayout, ...layout }, { responsive: true, displaylogo: false });
  element.dataset.rendered = "true";
}

export function purge(element) {
  if (window.Plotly && element) window.Plotly.purge(element);
}
