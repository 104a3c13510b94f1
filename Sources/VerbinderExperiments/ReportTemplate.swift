extension ExperimentReport {
    /// The page template (Mustache; `{{…}}` is HTML-escaped, `{{{…}}}` inserts the charts' own escaped SVG).
    /// The page is well-formed XML as well as HTML5, so tests can parse it.
    static let template = """
    \(pageHead)
    <nav><a href="#question">Question</a><a href="#ranking">Ranking</a><a href="#praatplaat">Praatplaat</a><a href="#outcomes">Outcomes</a><a href="#heatmap">Combinations</a><a href="#sensitivity">Sensitivity</a><a href="#capacity">Capacity</a>{{#extraNavigation}}<a href="#{{id}}">{{label}}</a>{{/extraNavigation}}<a href="#reproduce">Reproduce</a></nav>

    <h2 id="question">The question and the scenarios compared</h2>
    <p class="question">{{question}}</p>
    <p><strong>{{scenarioName}}</strong>{{#scenarioDescription}}: {{scenarioDescription}}{{/scenarioDescription}}</p>
    <p>{{armCount}} arms (scenario variants) × {{replications}} replications of {{weeks}} weeks each. Every arm differs from the base scenario only in the factors below. <strong>Common random numbers:</strong> replication <em>k</em> of every arm draws the same request arrivals, so arms are compared pairwise, replication by replication.</p>
    <table>
    <tr><th>factor</th><th>scenario key</th><th>levels</th></tr>
    {{#factors}}<tr><td>{{name}}</td><td><code>{{keyPath}}</code></td><td>{{levels}}</td></tr>
    {{/factors}}
    </table>
    {{#incomplete}}<p class="warning">This sweep is incomplete: {{runsStored}} of {{runsExpected}} runs are stored. Resume it with <code>verbinder sweep … --resume</code>.</p>{{/incomplete}}

    <h2 id="ranking">Arms ranked by {{metricTitle}}</h2>
    <p>Means over replications with 95% confidence intervals (Student's t). The metric is <code>{{metricName}}</code>: {{metricTitle}}.</p>
    {{{rankChart}}}
    <p>{{rankNote}}</p>
    <div class="scroll">
    <table>
    <tr><th>rank</th><th>arm</th><th>levels</th><th>mean</th><th>95% CI</th><th>runs</th><th>scenario hash</th></tr>
    {{#ranked}}<tr><td class="number">{{rank}}</td><td class="number">{{arm}}</td><td>{{label}}</td><td class="number">{{mean}}</td><td class="number">{{interval}}</td><td class="number">{{replications}}</td><td><code>{{hash}}</code></td></tr>
    {{/ranked}}
    </table>
    </div>

    <h2 id="praatplaat">The praatplaat of each arm</h2>
    <p>The share of connection attempts through the connector that ended connected, for each of the four roles in both directions (the eight cells of the thesis' praatplaat), averaged over replications. Rows follow the ranking above; grey cells had no attempts.</p>
    <div class="pair">
    {{#praatplaatArms}}<div><h3>{{heading}}</h3>{{{svg}}}</div>
    {{/praatplaatArms}}
    </div>
    {{{praatplaatAll}}}

    <h2 id="outcomes">How requests ended</h2>
    <p>Mean per run of every outcome of a request, and of the tallies beside them, for each arm (rows follow the ranking above; hover a column name for its meaning).</p>
    <div class="scroll"><table>
    <tr><th>arm</th><th>levels</th>{{#outcomeHeader}}<th title="{{title}}">{{name}}</th>{{/outcomeHeader}}</tr>
    {{#outcomes}}<tr><td class="number">{{arm}}</td><td>{{label}}</td>{{#cells}}<td class="number">{{.}}</td>{{/cells}}</tr>
    {{/outcomes}}
    </table></div>

    {{#heatmap}}<h2 id="heatmap">All combinations</h2>
    <p>{{heatmapAxes}}</p>
    {{{heatmap}}}{{/heatmap}}

    <h2 id="sensitivity">Which factor matters</h2>
    {{#tornado}}<p>Each bar spans the mean of {{metricTitle}} at the factor's worst and best level, averaged over all other factors; the dashed line is the overall mean.</p>
    {{{tornado}}}{{/tornado}}
    <h3>Main effects on the headline metrics</h3>
    <p>Last level minus first level of each factor (e.g. high − low), averaged over all other factors, with a 95% interval over the paired replications; bold: the interval excludes zero. Shares in percentage points.</p>
    <div class="scroll">
    <table>
    <tr><th>factor</th>{{#effectHeader}}<th>{{.}}</th>{{/effectHeader}}</tr>
    {{#effects}}<tr><td>{{factor}}</td>{{#cells}}<td class="number{{#significant}} significant{{/significant}}">{{text}}</td>{{/cells}}</tr>
    {{/effects}}
    </table>
    </div>
    <h3>Interactions</h3>
    <p>Does one factor work only when another is set too? For each pair below: the effect of the first factor at the second's lowest and highest level, and their difference (the interaction) with a 95% interval over paired replications. The first pair, when swept, tests the seed's claim that external cooperation (residents) only works when internal cooperation (internal process) works too.</p>
    {{#interactions}}<h3>{{heading}}</h3><p>{{sentence}}</p>{{{svg}}}
    {{/interactions}}

    <h2 id="capacity">Capacity</h2>
    {{#capacity}}<p>Requests dropped because connectors had no time, against the connectors' total hours per week (means over arms with that capacity; band: 95% interval over replications).</p>
    {{{capacity}}}{{/capacity}}
    {{^capacity}}<p>This sweep does not vary connector capacity (number of connectors or hours), so there is no capacity curve. Vary for example <code>connectors[*].hoursPerWeek=16,24,32,40</code> to get one.</p>{{/capacity}}

    {{{extraSections}}}
    <h2 id="reproduce">Reproducibility</h2>
    <table>
    <tr><th>command</th><td><code>{{command}}</code></td></tr>
    <tr><th>Verbinder version</th><td>{{version}}</td></tr>
    <tr><th>started</th><td>{{created}}</td></tr>
    <tr><th>scenario file</th><td><code>{{scenarioPath}}</code> (its text is stored in the result store)</td></tr>
    <tr><th>sweep definition hash</th><td><code>{{definitionHash}}</code></td></tr>
    <tr><th>seed</th><td>{{seed}}</td></tr>
    <tr><th>replication seeds</th><td><code>{{replicationSeeds}}</code> (the same in every arm)</td></tr>
    <tr><th>compute</th><td>{{wallTime}}</td></tr>
    </table>
    <p>Every arm's fully resolved scenario is stored as JSON with its SHA-256 in the result store's <code>arm</code> table; <code>verbinder results</code> exports all numbers as tidy CSV or JSON.</p>
    </main>
    </body>
    </html>

    """

    /// The start of every report page, up to and including its title (Mustache).
    static let pageHead = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1"/>
    <title>{{title}}</title>
    \(style)
    </head>
    <body>
    <main>
    <h1>{{title}}</h1>
    """

    /// The page's style sheet, shared by the sweep report and pages of study sections.
    static let style = """
    <style>
    body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; margin: 0; background: #f6f5f2; }
    main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
    h1 { font-size: 26px; margin: 8px 0 4px; }
    h2 { font-size: 19px; margin-top: 36px; border-bottom: 2px solid #4a7fb0; padding-bottom: 4px; }
    h3 { font-size: 15px; margin: 20px 0 6px; }
    p, li { line-height: 1.45; font-size: 14px; }
    .question { font-size: 17px; background: #eef3f8; border-left: 4px solid #4a7fb0; padding: 10px 14px; }
    .warning { background: #fff3cd; border-left: 4px solid #e0a800; padding: 8px 12px; }
    table { border-collapse: collapse; font-size: 12.5px; margin: 8px 0; }
    th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
    th { background: #f0f0f0; }
    td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.significant { font-weight: bold; color: #1a4f7f; }
    .scroll { max-height: 420px; overflow: auto; border: 1px solid #e3e3e3; }
    svg.chart { max-width: 100%; height: auto; display: block; margin: 8px 0 16px; font-family: inherit; }
    .pair { display: flex; flex-wrap: wrap; gap: 24px; }
    .pair > div { flex: 1 1 420px; }
    code { background: #f2f2f2; padding: 1px 4px; font-size: 12.5px; word-break: break-all; }
    nav a { margin-right: 12px; font-size: 13px; }
    </style>
    """
}
