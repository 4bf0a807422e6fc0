// The careerkit report's script (inlined into the page by careerkit/report/render.py, and
// allowed by its Content-Security-Policy hash). Draws every chart from its JSON block once
// plotly.js has loaded; marks the page when done (data-charts-drawn and data-charts-failed
// on <body>) so that a browser test can wait for it.
(function () {
  "use strict";
  var body = document.body;
  var config = JSON.parse(document.getElementById("plot-config").textContent);
  var blocks = document.querySelectorAll("script.figure-data");
  var drawn = 0, failed = 0, pending = [];
  function fail(target, error) {
    failed += 1;
    target.classList.add("chart-failed");
    target.textContent = "This chart could not be drawn (" + error + "); the tables hold "
      + "the same numbers.";
  }
  if (typeof Plotly === "undefined") {
    blocks.forEach(function (block) {
      fail(document.getElementById(block.dataset.target), "plotly.js did not load");
    });
  } else {
    blocks.forEach(function (block) {
      var target = document.getElementById(block.dataset.target);
      try {
        var figure = JSON.parse(block.textContent);
        pending.push(Plotly.newPlot(target, figure.data, figure.layout, config).then(
          function () { drawn += 1; target.dataset.drawn = "true"; },
          function (error) { fail(target, error); }));
      } catch (error) {
        fail(target, error);
      }
    });
  }
  Promise.all(pending).then(function () {
    body.dataset.chartsDrawn = String(drawn);
    body.dataset.chartsFailed = String(failed);
  });
})();
