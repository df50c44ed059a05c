/// The page's one style sheet, inline so the page needs no other file.
///
/// Light and dark themes come from `prefers-color-scheme` through custom properties; SVG
/// pictures carry light colours of their own, which the dark theme overrides by class. Only
/// code, tensors and traces scroll sideways, inside themselves; everything else wraps.
enum HTMLStyle {
    static let css = """
        :root {
          color-scheme: light dark;
          --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --code-bg: #f6f8fa;
          --out-bg: #ffffff; --accent: #0969da; --error: #cf222e; --pass: #1a7f37;
          --exercise-bg: #fff8e5; --exercise-border: #bf8700;
          --hl-n: #0550ae; --hl-s: #0a3069; --hl-k: #cf222e; --hl-f: #8250df; --hl-c: #59636e;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --code-bg: #161b22;
            --out-bg: #0d1117; --accent: #4493f8; --error: #ff7b72; --pass: #3fb950;
            --exercise-bg: #1c1a12; --exercise-border: #9e6a03;
            --hl-n: #79c0ff; --hl-s: #a5d6ff; --hl-k: #ff7b72; --hl-f: #d2a8ff; --hl-c: #9198a1;
          }
          svg .ink { fill: #e6edf3; }
          svg .muted { fill: #9198a1; }
          svg .axis { stroke: #9198a1; }
          svg .gridline { stroke: #3d444d; }
          svg .kept, svg .bar { fill: #4493f8; }
          svg .dropped { fill: #0d1117; stroke: #7d8590; }
          svg .reference { stroke: #9198a1; }
          svg .series-0 { stroke: #4493f8; } svg .dot-0 { fill: #4493f8; }
          svg .series-1 { stroke: #ff7b72; } svg .dot-1 { fill: #ff7b72; }
          svg .series-2 { stroke: #3fb950; } svg .dot-2 { fill: #3fb950; }
          svg .series-3 { stroke: #d2a8ff; } svg .dot-3 { fill: #d2a8ff; }
          svg .series-4 { stroke: #f0883e; } svg .dot-4 { fill: #f0883e; }
        }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--bg); color: var(--fg);
          font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
        }
        .page-header, .contents, .page, .page-footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
        .page-header { padding-top: 1.5rem; }
        .kicker { margin: 0; color: var(--muted); font-size: .875rem; }
        h1, h2, h3 { line-height: 1.25; margin: 1.75rem 0 .75rem; }
        h1 { font-size: 1.9rem; margin-top: .25rem; }
        h2 { font-size: 1.4rem; padding-bottom: .25rem; border-bottom: 1px solid var(--border); }
        h3 { font-size: 1.15rem; }
        p, li, h1, h2, h3, blockquote, td, th, summary { overflow-wrap: break-word; }
        a { color: var(--accent); }
        .anchor { text-decoration: none; color: var(--muted); font-weight: normal; opacity: .5; }
        .anchor:hover, .anchor:focus { opacity: 1; }
        code, pre, kbd {
          font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace;
          font-size: .875rem;
        }
        :not(pre) > code { background: var(--code-bg); padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
        pre { margin: 0; overflow-x: auto; line-height: 1.45; }
        main > pre, blockquote pre { background: var(--code-bg); padding: .75rem 1rem; border-radius: 6px; margin: 1rem 0; }
        blockquote { margin: 1rem 0; padding: 0 1rem; color: var(--muted); border-left: .25rem solid var(--border); }
        main > table { max-width: 100%; border-collapse: collapse; margin: 1rem 0; }
        main > table th, main > table td { border: 1px solid var(--border); padding: .25rem .5rem; overflow-wrap: anywhere; }
        .contents { margin-top: 1rem; }
        .contents h2 { font-size: 1rem; margin: 0 0 .25rem; border: 0; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        .contents ol { margin: 0; padding-left: 1.5rem; }
        .contents ol ol { font-size: .925rem; }
        .cell {
          margin: 1.25rem 0; border: 1px solid var(--border); border-left: 4px solid var(--accent);
          border-radius: 6px; background: var(--out-bg);
        }
        .cell.mine { border-left-color: var(--pass); }
        .cell-label { margin: 0; padding: .25rem .75rem; font-size: .8rem; color: var(--muted); background: var(--code-bg); }
        .stmt > pre.code { background: var(--code-bg); padding: .1rem .75rem; }
        .stmt:first-child > pre.code, .stmt.has-out + .stmt > pre.code { padding-top: .5rem; }
        .stmt.has-out > pre.code, .stmt:last-child > pre.code { padding-bottom: .5rem; }
        .stmt.has-out + .stmt { border-top: 1px solid var(--border); }
        .out { padding: .5rem .75rem .6rem 1.5rem; min-width: 0; }
        .out > * + * { margin-top: .5rem; }
        .out pre { color: var(--fg); }
        pre.code .s, .answer-key .s { color: var(--hl-s); }
        pre.code .k, .answer-key .k { color: var(--hl-k); }
        pre.code .f, .answer-key .f { color: var(--hl-f); }
        pre.code .c { color: var(--hl-c); font-style: italic; }
        pre.code .n, .answer-key .n { color: var(--hl-n); }
        pre.report { white-space: pre-wrap; overflow-wrap: anywhere; }
        p.report { margin: 0; font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .875rem; }
        .check.pass { color: var(--pass); }
        .check.fail, pre.error { color: var(--error); }
        .call { margin-left: .75rem; padding-left: .75rem; border-left: 2px solid var(--muted); }
        .trace {
          display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
          gap: .35rem 1rem; align-items: start; color: var(--muted);
        }
        .trace-lhs code { background: none; padding: 0; white-space: pre-wrap; overflow-wrap: anywhere; color: var(--muted); }
        .trace-value { min-width: 0; }
        .value { min-width: 0; }
        .value .shape { margin: 0 0 .15rem; font-size: .75rem; color: var(--muted); }
        .scroll { max-width: 100%; overflow-x: auto; }
        table.tensor {
          border-collapse: separate; border-spacing: 0; margin: 0 0 .35rem;
          border-left: 2px solid var(--muted); border-right: 2px solid var(--muted); border-radius: 4px;
          font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem;
          font-variant-numeric: tabular-nums;
        }
        table.tensor td { padding: .05rem .45rem; text-align: right; white-space: pre; }
        table.tensor caption, .vector-block .caption { text-align: left; font-size: .75rem; color: var(--muted); margin: 0; }
        .vector {
          display: flex; flex-wrap: wrap; gap: 0 .9ch; width: fit-content; max-width: 100%; margin: 0 0 .35rem;
          padding: .05rem .45rem; border-left: 2px solid var(--muted); border-right: 2px solid var(--muted); border-radius: 4px;
          font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem;
          white-space: pre; font-variant-numeric: tabular-nums;
        }
        .ellipsis { color: var(--muted); }
        p.ellipsis { margin: 0; }
        .tuple { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; }
        .tuple-item { min-width: 0; max-width: 100%; }
        .tuple-index { font-size: .75rem; color: var(--muted); }
        figure.picture { margin: .25rem 0; }
        svg.picture { display: block; max-width: 100%; height: auto; }
        .trace svg.picture { margin-top: .2rem; }
        .exercise {
          margin: 1.5rem 0; padding: .25rem 1rem .75rem; border-radius: 6px;
          background: var(--exercise-bg); border: 1px solid var(--exercise-border);
        }
        .exercise h3 { margin: .75rem 0 .5rem; }
        .exercise .outcome { color: var(--pass); font-weight: 600; }
        details { margin: .5rem 0; padding: .35rem .75rem; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); }
        summary { cursor: pointer; font-weight: 600; }
        details[open] > summary { margin-bottom: .35rem; }
        .answer-key { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem; min-width: 0; }
        .answer-key > code { overflow-wrap: anywhere; }
        .answer-key .value { flex: 1 1 100%; }
        .page-footer { margin: 3rem auto 2rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--border); }
        @media (max-width: 40rem) {
          body { font-size: 15px; }
          .trace { grid-template-columns: minmax(0, 1fr); gap: .1rem; }
          .trace-value { margin-bottom: .35rem; }
          .out { padding-left: .75rem; }
          main > table { font-size: .85rem; }
          main > table th, main > table td { padding: .2rem .25rem; }
          h1 { font-size: 1.6rem; }
        }
        @media print {
          :root {
            --bg: #ffffff; --fg: #000000; --muted: #444444; --border: #bbbbbb; --code-bg: #f3f3f3;
            --out-bg: #ffffff; --exercise-bg: #ffffff;
          }
          body { font-size: 11pt; }
          .contents, .anchor { display: none; }
          pre, .trace-lhs code { white-space: pre-wrap; overflow-wrap: anywhere; }
          .scroll, pre { overflow: visible; }
          .cell, .exercise, figure, table.tensor, .stmt { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
