/// The page and its assets, compiled into the binary (nothing is loaded from the network). The page has no
/// inline script or style, so the Content-Security-Policy can forbid both.
enum Assets {
    static let icon = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#1f5f8b"/></svg>"##

    /// The one page: the panel on the left, what changes on the right.
    static let page = #"""
<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mengpaneel — Verbinder</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header>
  <h1><span data-i18n="title">Mengpaneel</span> <small data-i18n="subtitle"></small></h1>
  <label><span data-i18n="municipality"></span> <select id="scenario"></select></label>
  <label class="upload"><span data-i18n="upload"></span> <input type="file" id="upload" accept=".yaml,.yml"></label>
  <button id="lang" type="button">English</button>
</header>
<div id="upload-errors" hidden>
  <p data-i18n="uploadInvalid"></p>
  <ol id="upload-lines"></ol>
</div>
<p id="problem" class="problem" hidden></p>
<main>
<section id="panel">
  <h2 data-i18n="sliders"></h2>
  <div id="presets"></div>
  <div id="sliders"></div>
  <h2 data-i18n="interventions"></h2>
  <div id="interventions"></div>
  <h2><span class="term" data-i18n="capacity" data-i18n-title="wijkverbinderHint"></span></h2>
  <div id="connectors"></div>
  <button id="add-connector" type="button" data-i18n="addConnector"></button>
  <h2 data-i18n="escalation"></h2>
  <div class="row"><label for="route" data-i18n="route"></label><select id="route"></select></div>
  <div class="row"><label for="trigger" data-i18n="trigger"></label><select id="trigger"></select></div>
  <div class="row"><label for="reluctance" data-i18n="reluctance"></label><input id="reluctance" type="range" min="0" max="1" step="0.05"><output id="reluctance-value"></output></div>
  <div class="row"><label for="triage" data-i18n="triage"></label><select id="triage"></select></div>
  <button id="reset" type="button" data-i18n="reset"></button>
</section>
<section id="results">
  <div id="headline">
    <div class="big"><span id="helped">—</span><small id="helped-ci"></small></div>
    <div data-i18n="helpedLabel"></div>
    <div class="side"><span data-i18n="connectedShare"></span>: <b id="connected-share">—</b> · <span data-i18n="successRate"></span>: <b id="success-rate">—</b></div>
    <p class="explain" data-i18n="helpedExplain"></p>
  </div>
  <div id="status" data-state="idle"><progress id="progress" max="20" value="0"></progress> <span id="status-text"></span></div>
  <h2><span class="term" data-i18n="praatplaat" data-i18n-title="praatplaatHint"></span></h2>
  <svg id="praatplaat" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 300" role="img"></svg>
  <h2 data-i18n="weekly"></h2>
  <svg id="weekly" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 230" role="img"></svg>
  <h2><span class="term" data-i18n="network" data-i18n-title="networkHint"></span></h2>
  <p class="explain" data-i18n="networkNote"></p>
  <div id="network-box" data-state="idle"><a id="network-link" href="#" target="_blank" rel="noopener"><img id="network" alt=""></a></div>
  <h2 data-i18n="decision"></h2>
  <div class="row"><button id="pin" type="button" data-i18n="pin"></button><span id="baseline-note"></span></div>
  <p id="verdict"></p>
  <table id="table"><thead></thead><tbody></tbody></table>
  <h2 data-i18n="options"></h2>
  <div class="row"><input id="option-name" maxlength="120"><button id="save" type="button" data-i18n="save"></button></div>
  <ul id="saved"></ul>
  <div class="row"><select id="compare-a"></select> <span data-i18n="against"></span> <select id="compare-b"></select><button id="compare" type="button" data-i18n="compare"></button></div>
  <p id="compare-verdict"></p>
  <table id="compare-table"><thead></thead><tbody></tbody></table>
  <div class="row"><label for="share" data-i18n="share"></label><input id="share" readonly></div>
  <div class="row exports">
    <a id="export-yaml" href="#" data-i18n="exportYaml"></a>
    <a id="export-csv" href="#" data-i18n="exportCsv"></a>
    <button id="export-svg" type="button" data-i18n="exportSvg"></button>
    <a id="export-network" href="#" download="outcome-network.svg" data-i18n="exportNetwork"></a>
  </div>
  <h2 data-i18n="sweeps"></h2>
  <p class="explain" data-i18n="sweepsNote"></p>
  <div class="row"><label for="sweep-kind" data-i18n="sweepKind"></label><select id="sweep-kind"></select></div>
  <div class="row"><label for="sweep-replications" data-i18n="sweepReplications"></label><input id="sweep-replications" type="number" min="2" max="100">
    <label for="sweep-weeks" data-i18n="sweepWeeks"></label><input id="sweep-weeks" type="number" min="1" max="260"></div>
  <div class="row"><button id="sweep-start" type="button" data-i18n="sweepStart"></button><button id="sweep-cancel" type="button" data-i18n="sweepCancel" hidden></button></div>
  <div id="sweep-status" data-state="idle"><progress id="sweep-progress" max="1" value="0"></progress> <span id="sweep-text"></span> <a id="sweep-report" href="#" target="_blank" rel="noopener" data-i18n="sweepReport" hidden></a></div>
  <h3 data-i18n="sweepList"></h3>
  <ul id="sweep-list"></ul>
</section>
</main>
<footer data-i18n="footer"></footer>
</body>
</html>
"""#

    /// The page's style sheet.
    static let style = #"""
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f6f7f9; }
header { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; padding: .6em 1.2em; background: #1f5f8b; color: #fff; }
header h1 { font-size: 1.3em; margin: 0 1em 0 0; }
header small { font-weight: normal; opacity: .85; }
header select, header button { font-size: 1em; }
header select { max-width: 32em; }
main { display: grid; grid-template-columns: minmax(320px, 420px) 1fr; gap: 1.2em; padding: 1em 1.2em; }
section { background: #fff; border-radius: 6px; padding: .6em 1em 1em; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h2 { font-size: 1.05em; margin: 1em 0 .4em; color: #1f5f8b; }
.row { display: flex; gap: .5em; align-items: center; margin: .3em 0; flex-wrap: wrap; }
.row label { min-width: 9em; }
.slider { display: grid; grid-template-columns: 11em 1fr 3.5em; align-items: center; gap: .4em; margin: .2em 0; }
.slider output { font-weight: bold; }
#presets button { margin: .15em; }
#presets button.active { background: #1f5f8b; color: #fff; }
.intervention { display: grid; grid-template-columns: 1.5em 1fr 6em; align-items: center; gap: .3em; }
.intervention input[type=number] { width: 4.5em; }
.connector { border: 1px solid #d5dbe1; border-radius: 4px; padding: .3em .5em; margin: .4em 0; }
.connector .head { display: flex; justify-content: space-between; align-items: center; gap: .5em; }
.connector .name { font-weight: bold; }
.connector .places { display: flex; flex-wrap: wrap; gap: .2em .8em; font-size: .9em; }
.connector .hours { display: grid; grid-template-columns: 1fr 6.5em; gap: .3em; align-items: center; }
#headline .big { font-size: 2.2em; font-weight: bold; color: #1f5f8b; }
#headline .big small { font-size: .45em; font-weight: normal; margin-left: .5em; color: #555; }
#headline .explain { font-size: .85em; color: #555; margin: .3em 0; }
#status { margin: .5em 0; font-size: .9em; color: #555; }
#praatplaat, #weekly { width: 100%; max-width: 860px; height: auto; }
#network-box { max-height: 70vh; overflow: auto; border: 1px solid #e3e7eb; border-radius: 4px; }
#network { display: block; width: 100%; height: auto; }
#network-box[data-state=loading] #network { opacity: .45; }
#sweep-status { margin: .5em 0; font-size: .9em; color: #555; }
#sweep-progress { width: 16em; }
#sweep-list { font-size: .85em; color: #444; padding-left: 1.2em; max-height: 12em; overflow: auto; }
h3 { font-size: .95em; margin: .8em 0 .3em; color: #1f5f8b; }
input[type=number] { width: 5em; }
table { border-collapse: collapse; width: 100%; font-size: .9em; margin: .4em 0; }
th, td { border-bottom: 1px solid #e3e7eb; padding: .25em .4em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.better td.diff { color: #17753a; font-weight: bold; }
tr.worse td.diff { color: #b3261e; font-weight: bold; }
#verdict, #compare-verdict { font-weight: bold; }
.problem { background: #fde8e6; color: #8a1c13; padding: .5em 1.2em; margin: 0; white-space: pre-wrap; }
#upload-errors { background: #fff; margin: .5em 1.2em; padding: .5em 1em; border-left: 4px solid #b3261e; }
#upload-errors ol { font-family: ui-monospace, monospace; font-size: .85em; max-height: 20em; overflow: auto; }
#upload-errors li.bad { background: #fde8e6; }
#upload-errors li.message { list-style: none; color: #b3261e; font-weight: bold; }
.term { border-bottom: 1px dotted #1f5f8b; cursor: help; }
#share { flex: 1; min-width: 20em; }
#saved li { margin: .2em 0; }
#saved button { margin-left: .4em; }
footer { padding: .5em 1.2em 1.5em; font-size: .8em; color: #666; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
"""#

    /// The page's script: reads the panel, streams estimates (server-sent events) and draws them.
    static let script = #"""
'use strict';
// The mengpaneel page: reads the panel, streams estimates from /api/stream, and draws them.
// Every text from a scenario is set with textContent (never as HTML).

const TEXT = {
  nl: {
    title: 'Mengpaneel', subtitle: 'wat verandert er als u de schuifjes verzet?', municipality: 'Gemeente', upload: 'of upload een scenario (YAML)',
    uploadInvalid: 'Het scenario is niet geldig; de fouten staan bij de regels:', sliders: 'Schuifjes (Platform31)',
    interventions: 'Interventies', capacity: 'Capaciteit: wijkverbinders', addConnector: 'Wijkverbinder toevoegen',
    escalation: 'Escalatie', route: 'Route', trigger: 'Wanneer', reluctance: 'Terughoudendheid', triage: 'Triage',
    reset: 'Terug naar het scenario', helpedLabel: 'inwoners geholpen: verzoeken per jaar verbonden',
    connectedShare: 'aandeel van alle verzoeken verbonden', successRate: 'slagingskans van de verbinder',
    helpedExplain: 'Geholpen = het verzoek kwam op de juiste plek terecht, via de wijkverbinder of direct. De slagingskans telt alleen de pogingen van de verbinder zelf; die kan stijgen terwijl er minder inwoners geholpen worden (bijvoorbeeld als er meer verzoeken blijven liggen).',
    praatplaat: 'Praatplaat', praatplaatHint: 'Platform31: de vier rollen van de wijkverbinder tegenover inwoners (leefwereld) en ambtenaren (systeemwereld)',
    decision: 'Keuzetabel', pin: 'Zet huidige instellingen vast als basis', options: 'Opties', save: 'Bewaar als optie',
    against: 'tegenover', compare: 'Vergelijk', share: 'Deel-link', exportYaml: 'Scenario (YAML)', exportCsv: 'Tabel (CSV)',
    exportSvg: 'Praatplaat (SVG)', footer: 'Verbinder — simulatie van wijkverbinders tussen leefwereld en systeemwereld. Getallen zijn gemiddelden per jaar over herhalingen, met 95%-betrouwbaarheidsintervallen.',
    metric: 'maat', baseline: 'basis', current: 'huidig', difference: 'verschil (95%-BI)',
    running: (d, t) => `herhaling ${d} van ${t}…`, done: (d) => `klaar: ${d} herhalingen`,
    baselineNote: 'basis vastgezet', noBaseline: 'Zet een basis vast om opties te vergelijken.',
    load: 'laden', remove: 'verwijderen', hours: 'uur/week', removeConnector: 'weg', fromWeek: 'vanaf week',
    newConnector: (n) => `Nieuwe wijkverbinder ${n}`, saved: 'bewaard', english: 'English', noAttempts: 'geen pogingen',
    levels: ['laag', 'midden', 'hoog'], attempts: 'pogingen', succeeded: 'gelukt',
    fromResidents: 'vraag van inwoners (leefwereld)', fromOfficials: 'vraag van ambtenaren (systeemwereld)',
    roles: { fixer: 'Fixer', entrepreneur: 'Ondernemer', bridgeBuilder: 'Bruggenbouwer', mediator: 'Bemiddelaar' },
    sliderNames: { internalPositioning: 'Interne positionering', internalProcess: 'Intern proces', residents: 'Inwoners', politics: 'Politiek', communication: 'Communicatie' },
    profileNames: { developing: 'Ontwikkelend', participative: 'Participatief', organisationOriented: 'Organisatiegericht', rapprochement: 'Toenadering', tilted: 'Gekanteld' },
    interventionNames: { transitionManager: 'Transitiemanager', internalPublicity: 'Interne bekendheid', documentedRole: 'Vastgelegde rol', repositioning: 'Herpositionering', consultationInclusion: 'Aan tafel bij overleg' },
    wijkverbinder: 'wijkverbinder', wijkverbinderHint: 'Verbindt leefwereld (inwoners) en systeemwereld (gemeente)',
    weekly: 'Per week', weeklyCurrent: 'verbonden per week (huidig)', weeklyBaseline: 'verbonden per week (basis)',
    weeklyArrivals: 'verzoeken per week', interventionStart: 'start interventie', week: 'week',
    weeklyNote: 'gemiddelden over de herhalingen tot nu toe',
    network: 'Uitkomstnetwerk', networkHint: 'Wie met wie verbonden werd, gegroepeerd in de drie arena\'s: leefwereld, professioneel netwerk en gemeentelijke organisatie (systeemwereld)',
    networkNote: 'Wie met wie verbonden werd in herhaling 0 van de huidige instellingen: wijken, partners, wijkverbinders en afdelingen in de drie arena\'s, van links naar rechts. Elke pijl toont het aantal verzoeken per jaar en het aandeel dat verbonden werd (dikte = aantal, kleur = aandeel); gestreept is direct, zonder wijkverbinder. Alle getallen in de afbeelding komen uit deze ene herhaling.',
    exportNetwork: 'Uitkomstnetwerk (SVG)',
    sweeps: 'Verkenning op de achtergrond', sweepsNote: 'Rekent alle varianten door met dezelfde toevalsgetallen (eerlijk vergelijken) en maakt er een rapport van. Vertrekpunt: de huidige instellingen.',
    sweepKind: 'Wat variëren', sweepReplications: 'herhalingen', sweepWeeks: 'weken', sweepStart: 'Start verkenning', sweepCancel: 'Stop',
    sweepReport: 'Open het rapport', sweepKinds: { sliders: 'alle vijf schuifjes (3⁵ = 243 varianten)', profiles: 'de vijf profielen van Platform31', interventions: 'interventies: geen, en elk apart' },
    sweepRunning: (f, n) => `${f} van ${n} runs`, sweepDone: (n) => `klaar: ${n} runs`, sweepCancelled: 'gestopt', sweepFailed: 'mislukt: ',
    sweepInterrupted: 'onderbroken: de server stopte tijdens de verkenning', sweepList: 'Eerdere verkenningen (ook van voor een herstart)', sweepNone: 'nog geen',
  },
  en: {
    title: 'Mengpaneel (mixing panel)', subtitle: 'what changes when you move the sliders?', municipality: 'Municipality', upload: 'or upload a scenario (YAML)',
    uploadInvalid: 'The scenario is not valid; the problems are shown at their lines:', sliders: 'Sliders (Platform31)',
    interventions: 'Interventions', capacity: 'Capacity: neighbourhood connectors', addConnector: 'Add a connector',
    escalation: 'Escalation', route: 'Route', trigger: 'When', reluctance: 'Reluctance', triage: 'Triage',
    reset: 'Back to the scenario', helpedLabel: 'residents helped: requests connected per year',
    connectedShare: 'share of all requests connected', successRate: "connector's success rate",
    helpedExplain: "Helped = the request reached the right place, through the connector or directly. The success rate counts only the connector's own attempts; it can rise while fewer residents are helped (for instance when more requests are dropped).",
    praatplaat: 'Praatplaat', praatplaatHint: "Platform31's picture: the connector's four roles towards residents (lifeworld, leefwereld) and officials (system world, systeemwereld)",
    decision: 'Decision table', pin: 'Pin the current settings as baseline', options: 'Options', save: 'Save as option',
    against: 'against', compare: 'Compare', share: 'Share link', exportYaml: 'Scenario (YAML)', exportCsv: 'Table (CSV)',
    exportSvg: 'Praatplaat (SVG)', footer: 'Verbinder — simulation of neighbourhood connectors (wijkverbinders) between lifeworld and system world. Numbers are means per year over replications, with 95% confidence intervals.',
    metric: 'metric', baseline: 'baseline', current: 'current', difference: 'difference (95% CI)',
    running: (d, t) => `replication ${d} of ${t}…`, done: (d) => `done: ${d} replications`,
    baselineNote: 'baseline pinned', noBaseline: 'Pin a baseline to compare options.',
    load: 'load', remove: 'delete', hours: 'h/week', removeConnector: 'remove', fromWeek: 'from week',
    newConnector: (n) => `New connector ${n}`, saved: 'saved', english: 'Nederlands', noAttempts: 'no attempts',
    levels: ['low', 'mid', 'high'], attempts: 'attempts', succeeded: 'succeeded',
    fromResidents: 'request from residents (lifeworld)', fromOfficials: 'request from officials (system world)',
    roles: { fixer: 'Fixer', entrepreneur: 'Entrepreneur', bridgeBuilder: 'Bridge builder', mediator: 'Mediator' },
    sliderNames: { internalPositioning: 'Internal positioning', internalProcess: 'Internal process', residents: 'Residents', politics: 'Politics', communication: 'Communication' },
    profileNames: { developing: 'Developing', participative: 'Participative', organisationOriented: 'Organisation-oriented', rapprochement: 'Rapprochement', tilted: 'Tilted' },
    interventionNames: { transitionManager: 'Transition manager', internalPublicity: 'Internal publicity', documentedRole: 'Documented role', repositioning: 'Repositioning', consultationInclusion: 'Included in consultations' },
    wijkverbinder: 'connector', wijkverbinderHint: 'Connects the lifeworld (residents) and the system world (municipality)',
    weekly: 'Week by week', weeklyCurrent: 'connected per week (current)', weeklyBaseline: 'connected per week (baseline)',
    weeklyArrivals: 'requests per week', interventionStart: 'intervention starts', week: 'week',
    weeklyNote: 'means over the replications so far',
    network: 'Outcome network', networkHint: 'Who was connected with whom, grouped in the three arenas: lifeworld (leefwereld), professional network and municipal organisation (system world, systeemwereld)',
    networkNote: 'Who was connected with whom in replication 0 of the current settings: neighbourhoods, partners, connectors and departments in the three arenas, left to right. Each arrow shows the requests per year and the share connected (width = number, colour = share); dashed is direct, without the connector. Every number in the picture comes from this one replication.',
    exportNetwork: 'Outcome network (SVG)',
    sweeps: 'Sweep in the background', sweepsNote: 'Runs every variant with the same random numbers (a fair comparison) and makes a report of it. Starting point: the current settings.',
    sweepKind: 'What to vary', sweepReplications: 'replications', sweepWeeks: 'weeks', sweepStart: 'Start sweep', sweepCancel: 'Stop',
    sweepReport: 'Open the report', sweepKinds: { sliders: 'all five sliders (3⁵ = 243 variants)', profiles: "Platform31's five profiles", interventions: 'interventions: none, and each alone' },
    sweepRunning: (f, n) => `${f} of ${n} runs`, sweepDone: (n) => `done: ${n} runs`, sweepCancelled: 'stopped', sweepFailed: 'failed: ',
    sweepInterrupted: 'interrupted: the server stopped while it ran', sweepList: 'Earlier sweeps (also from before a restart)', sweepNone: 'none yet',
  },
};
const SLIDERS = ['internalPositioning', 'internalProcess', 'residents', 'politics', 'communication'];
const LEVELS = ['low', 'mid', 'high'];
const ROLES = ['fixer', 'entrepreneur', 'bridgeBuilder', 'mediator'];
const DIRECTIONS = ['fromResidents', 'fromOfficials'];

const state = { lang: 'nl', detail: null, settings: null, baseline: null, source: null, last: null, session: randomId(), sweep: null };
const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[state.lang][key];

function randomId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function number(value, decimals) {
  return value.toLocaleString(state.lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function formatValue(value, unit) {
  if (value === null || value === undefined) return '—';
  if (unit === 'share') return number(value * 100, 1) + '%';
  if (unit === 'perYear') return number(value, 0);
  return number(value, 2);
}

function formatDifference(row) {
  if (row.difference === null || row.difference === undefined) return '—';
  const scale = row.unit === 'share' ? 100 : 1;
  const decimals = row.unit === 'perYear' ? 0 : (row.unit === 'share' ? 1 : 2);
  const sign = row.difference * scale >= 0.5 * Math.pow(10, -decimals) ? '+' : '';
  let text = sign + number(row.difference * scale, decimals) + (row.unit === 'share' ? ' pp' : '');
  if (row.ci95) text += ` [${number(row.ci95[0] * scale, decimals)}, ${number(row.ci95[1] * scale, decimals)}]`;
  return text;
}

async function api(path, options = {}) {
  const response = await fetch(path, Object.assign({ credentials: 'same-origin' }, options));
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    error.body = body;
    throw error;
  }
  return body;
}

function showProblem(message) {
  $('problem').hidden = !message;
  $('problem').textContent = message || '';
}

// MARK: static texts and language

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
  $('lang').textContent = t('english');
  buildSweepForm();
  refreshSweeps();
  if (state.detail) buildPanel();
  run();
}

// MARK: scenarios

async function loadScenarios(preferred) {
  const list = await api('/api/scenarios');
  const select = $('scenario');
  select.replaceChildren();
  for (const item of list) {
    const option = el('option', { value: item.id, text: item.available ? `${item.name} (${item.id})` : `${item.id} — ${item.problem}` });
    if (!item.available) option.disabled = true;
    select.append(option);
  }
  const wanted = list.find((item) => item.id === preferred && item.available) || list.find((item) => item.id === 'katwijk.yaml') || list.find((item) => item.available);
  if (wanted) select.value = wanted.id;
}

async function selectScenario(id, settings) {
  const detail = await api('/api/scenario?id=' + encodeURIComponent(id));
  state.detail = detail;
  state.settings = settings || structuredClone(detail.settings);
  state.baseline = null;
  delete $('baseline-note').dataset.i18n;
  $('baseline-note').textContent = '';
  if (![...$('scenario').options].some((option) => option.value === id)) {
    $('scenario').append(el('option', { value: id, text: `${detail.name} (${id})` }));
  }
  $('scenario').value = id;
  $('sweep-replications').value = detail.replications;
  $('sweep-weeks').value = detail.weeks;
  buildPanel();
  run();
}

async function upload(file) {
  const text = await file.text();
  $('upload-errors').hidden = true;
  try {
    const detail = await api('/api/scenarios?name=' + encodeURIComponent(file.name), { method: 'POST', body: text, headers: { 'content-type': 'application/yaml' } });
    await selectScenario(detail.id);
  } catch (error) {
    showUploadErrors(text, error);
  }
}

function showUploadErrors(text, error) {
  const list = $('upload-lines');
  list.replaceChildren();
  const problems = (error.body && error.body.diagnostics) || [];
  const byLine = new Map();
  for (const problem of problems) {
    const line = problem.line || 0;
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push(problem.text);
  }
  for (const message of byLine.get(0) || (problems.length ? [] : [error.message])) list.append(el('li', { class: 'message', text: message }));
  text.split('\n').forEach((line, index) => {
    const messages = byLine.get(index + 1);
    list.append(el('li', { class: messages ? 'bad' : '', text: line || ' ' }));
    for (const message of messages || []) list.append(el('li', { class: 'message', text: message }));
  });
  $('upload-errors').hidden = false;
}

// MARK: the panel

function buildPanel() {
  const s = state.settings, d = state.detail;
  const presets = $('presets');
  presets.replaceChildren();
  for (const [name, sliders] of Object.entries(d.profiles)) {
    const button = el('button', { type: 'button', id: 'preset-' + name, text: t('profileNames')[name] || name });
    if (SLIDERS.every((key) => sliders[key] === s.sliders[key])) button.className = 'active';
    button.addEventListener('click', () => { s.sliders = structuredClone(sliders); buildPanel(); run(); });
    presets.append(button);
  }
  const sliders = $('sliders');
  sliders.replaceChildren();
  for (const key of SLIDERS) {
    const input = el('input', { type: 'range', min: '0', max: '2', step: '1', id: 'slider-' + key });
    input.value = String(LEVELS.indexOf(s.sliders[key]));
    const output = el('output', { id: 'slider-' + key + '-value', text: t('levels')[LEVELS.indexOf(s.sliders[key])] });
    input.addEventListener('input', () => {
      s.sliders[key] = LEVELS[Number(input.value)];
      output.textContent = t('levels')[Number(input.value)];
      for (const button of presets.children) button.className = '';
      run();
    });
    sliders.append(el('div', { class: 'slider' }, el('label', { for: input.id, text: t('sliderNames')[key] }), input, output));
  }
  const interventions = $('interventions');
  interventions.replaceChildren();
  for (const kind of d.interventions) {
    const current = s.interventions.find((item) => item.kind === kind);
    const box = el('input', { type: 'checkbox', id: 'intervention-' + kind });
    box.checked = !!current;
    const week = el('input', { type: 'number', min: '0', max: String(d.weeks - 1), id: 'intervention-' + kind + '-week', title: t('fromWeek') });
    week.value = String(current ? current.startWeek : 0);
    const update = () => {
      s.interventions = s.interventions.filter((item) => item.kind !== kind);
      const start = Math.max(0, Math.min(d.weeks - 1, Math.floor(Number(week.value) || 0)));
      if (box.checked) s.interventions.push({ kind, startWeek: start });
      run();
    };
    box.addEventListener('change', update);
    week.addEventListener('change', update);
    interventions.append(el('div', { class: 'intervention' }, box, el('label', { for: box.id, text: t('interventionNames')[kind] || kind }), week));
  }
  buildConnectors();
  fillSelect($('route'), d.routes, s.escalation.route);
  fillSelect($('trigger'), d.triggers, s.escalation.trigger);
  fillSelect($('triage'), d.triage, s.triage);
  $('reluctance').value = String(s.escalation.reluctance);
  $('reluctance-value').textContent = number(s.escalation.reluctance, 2);
}

function buildConnectors() {
  const s = state.settings, d = state.detail;
  const list = $('connectors');
  list.replaceChildren();
  s.connectors.forEach((connector, index) => {
    const hours = el('input', { type: 'range', min: '4', max: '80', step: '2', id: `connector-${index}-hours` });
    hours.value = String(connector.hoursPerWeek);
    const output = el('output', { text: `${connector.hoursPerWeek} ${t('hours')}` });
    hours.addEventListener('input', () => { connector.hoursPerWeek = Number(hours.value); output.textContent = `${hours.value} ${t('hours')}`; run(); });
    const remove = el('button', { type: 'button', class: 'remove-connector', text: t('removeConnector') });
    remove.disabled = s.connectors.length <= 1;
    remove.addEventListener('click', () => { s.connectors.splice(index, 1); buildConnectors(); run(); });
    const places = el('div', { class: 'places' });
    for (const place of d.neighbourhoods) {
      const box = el('input', { type: 'checkbox' });
      box.checked = connector.neighbourhoods.includes(place.name);
      box.addEventListener('change', () => {
        connector.neighbourhoods = d.neighbourhoods.map((p) => p.name).filter((name) => name === place.name ? box.checked : connector.neighbourhoods.includes(name));
        run();
      });
      places.append(el('label', {}, box, ' ' + place.name));
    }
    list.append(el('div', { class: 'connector', id: `connector-${index}` },
      el('div', { class: 'head' }, el('span', { class: 'name', text: connector.name }), remove),
      el('div', { class: 'hours' }, hours, output), places));
  });
}

function fillSelect(select, values, current) {
  select.replaceChildren(...values.map((value) => el('option', { value, text: value })));
  select.value = current;
}

// MARK: running and drawing

function query(extra = {}) {
  const parameters = new URLSearchParams({ scenario: state.detail.id, settings: JSON.stringify(state.settings), lang: state.lang });
  if (state.baseline) parameters.set('baseline', JSON.stringify(state.baseline));
  for (const [key, value] of Object.entries(extra)) parameters.set(key, value);
  return parameters.toString();
}

function run() {
  if (!state.detail) return;
  if (state.source) state.source.close();
  showProblem('');
  updateLinks();
  drawNetwork();
  const url = '/api/stream?' + query({ session: state.session });
  const source = new EventSource(url);
  state.source = source;
  let finished = false;
  $('status').dataset.state = 'running';
  source.addEventListener('estimate', (event) => { if (state.source === source) draw(JSON.parse(event.data)); });
  source.addEventListener('done', () => {
    finished = true;
    source.close();
    if (state.source === source) $('status').dataset.state = 'done';
  });
  source.addEventListener('superseded', () => { finished = true; source.close(); });
  source.addEventListener('error', async () => {
    source.close();
    if (finished || state.source !== source) return;
    $('status').dataset.state = 'error';
    try { await api(url); } catch (error) { if (state.source === source) showProblem(error.message); }
  });
}

function draw(estimate) {
  state.last = estimate;
  $('progress').max = estimate.total;
  $('progress').value = estimate.done;
  $('status-text').textContent = estimate.done < estimate.total ? t('running')(estimate.done, estimate.total) : t('done')(estimate.done);
  const metric = (name) => estimate.metrics.find((m) => m.metric === name && !m.cell);
  const helped = metric('connectedPerYear');
  $('helped').textContent = helped ? number(helped.mean, 0) : '—';
  $('helped-ci').textContent = helped && helped.ci95 ? `95%: ${number(helped.ci95[0], 0)}–${number(helped.ci95[1], 0)}` : '';
  const share = metric('connectedShare'), success = metric('successRate');
  $('connected-share').textContent = share ? formatValue(share.mean, 'share') : '—';
  $('success-rate').textContent = success ? formatValue(success.mean, 'share') : '—';
  drawPraatplaat(estimate.praatplaat);
  drawWeekly(estimate);
  if (estimate.table) {
    drawTable($('table'), estimate.table, t('baseline'), t('current'));
    $('verdict').textContent = estimate.table.verdict;
  } else {
    $('table').tHead.replaceChildren();
    $('table').tBodies[0].replaceChildren();
    $('verdict').textContent = t('noBaseline');
  }
}

function drawPraatplaat(cells) {
  const svg = $('praatplaat');
  const ns = 'http://www.w3.org/2000/svg';
  const make = (tag, attributes, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  svg.replaceChildren();
  svg.append(make('rect', { x: 0, y: 0, width: 760, height: 300, fill: '#ffffff' }));
  DIRECTIONS.forEach((direction, column) => {
    svg.append(make('text', { x: 130 + column * 310 + 150, y: 18, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 'bold', fill: '#1d2733' }, t(direction)));
  });
  ROLES.forEach((role, row) => {
    const y = 30 + row * 66;
    svg.append(make('text', { x: 8, y: y + 36, 'font-size': 13, 'font-weight': 'bold', fill: '#1d2733' }, t('roles')[role]));
    DIRECTIONS.forEach((direction, column) => {
      const cell = cells.find((c) => c.role === role && c.direction === direction);
      const x = 130 + column * 310;
      const group = make('g', { id: `cell-${role}-${direction}` });
      group.append(make('rect', { x, y, width: 300, height: 58, rx: 4, fill: '#eef3f7', stroke: '#c9d4de' }));
      if (cell && cell.mean !== null && cell.mean !== undefined) {
        group.append(make('rect', { x: x + 6, y: y + 34, width: 288 * cell.mean, height: 12, fill: '#1f5f8b' }));
        if (cell.ci95) {
          const [low, high] = cell.ci95;
          group.append(make('line', { x1: x + 6 + 288 * low, x2: x + 6 + 288 * high, y1: y + 40, y2: y + 40, stroke: '#e8a33d', 'stroke-width': 3 }));
        }
        const ci = cell.ci95 ? ` (95%: ${number(cell.ci95[0] * 100, 0)}–${number(cell.ci95[1] * 100, 0)}%)` : '';
        group.append(make('text', { x: x + 6, y: y + 22, 'font-size': 13, fill: '#1d2733', class: 'cell-value' }, `${number(cell.mean * 100, 0)}% ${t('succeeded')}${ci}`));
        group.append(make('text', { x: x + 294, y: y + 56, 'font-size': 9, 'text-anchor': 'end', fill: '#555' }, `${cell.attempts} ${t('attempts')}`));
      } else {
        group.append(make('text', { x: x + 6, y: y + 22, 'font-size': 13, fill: '#777', class: 'cell-value' }, t('noAttempts')));
      }
      svg.append(group);
    });
  });
}

function svgNode(tag, attributes, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawWeekly(estimate) {
  const svg = $('weekly');
  svg.replaceChildren(svgNode('rect', { x: 0, y: 0, width: 760, height: 230, fill: '#ffffff' }));
  const points = estimate.weekly;
  if (!points.length) return;
  const left = 50, right = 740, top = 30, bottom = 190;
  const peak = Math.max(1, ...points.map((p) => Math.max(p.arrivals, p.connected, p.baselineConnected || 0)));
  const x = (week) => left + (right - left) * (points.length === 1 ? 0 : (week - 1) / (points.length - 1));
  const y = (value) => bottom - (bottom - top) * value / peak;
  for (const fraction of [0, 0.5, 1]) {
    svg.append(svgNode('line', { x1: left, x2: right, y1: y(peak * fraction), y2: y(peak * fraction), stroke: '#e3e7eb' }));
    svg.append(svgNode('text', { x: left - 6, y: y(peak * fraction) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#555' }, number(peak * fraction, 0)));
  }
  for (const week of [1, Math.ceil(points.length / 2), points.length]) {
    svg.append(svgNode('text', { x: x(week), y: bottom + 14, 'text-anchor': 'middle', 'font-size': 10, fill: '#555' }, `${t('week')} ${week}`));
  }
  for (const start of estimate.interventionWeeks) {
    const at = x(Math.min(points.length, start + 1));
    svg.append(svgNode('line', { x1: at, x2: at, y1: top - 6, y2: bottom, stroke: '#e8a33d', 'stroke-width': 2, 'stroke-dasharray': '4 3', class: 'intervention-start' }));
  }
  const line = (values, attributes) => svg.append(svgNode('polyline', Object.assign({ fill: 'none', points: values.map((v, i) => `${x(i + 1)},${y(v)}`).join(' ') }, attributes)));
  line(points.map((p) => p.arrivals), { stroke: '#b8c4cf', 'stroke-width': 1.5 });
  if (points.some((p) => p.baselineConnected !== undefined && p.baselineConnected !== null)) {
    line(points.map((p) => p.baselineConnected || 0), { stroke: '#777', 'stroke-width': 1.5, 'stroke-dasharray': '5 4' });
  }
  line(points.map((p) => p.connected), { stroke: '#1f5f8b', 'stroke-width': 2.5 });
  const legend = [[t('weeklyCurrent'), '#1f5f8b', ''], [t('weeklyArrivals'), '#b8c4cf', '']];
  if (estimate.table) legend.push([t('weeklyBaseline'), '#777', '5 4']);
  if (estimate.interventionWeeks.length) legend.push([t('interventionStart'), '#e8a33d', '4 3']);
  legend.forEach(([label, color, dash], index) => {
    const lx = left + index * 175;
    svg.append(svgNode('line', { x1: lx, x2: lx + 22, y1: 12, y2: 12, stroke: color, 'stroke-width': 2.5, 'stroke-dasharray': dash }));
    svg.append(svgNode('text', { x: lx + 27, y: 16, 'font-size': 11, fill: '#1d2733' }, label));
  });
  svg.append(svgNode('text', { x: right, y: 222, 'text-anchor': 'end', 'font-size': 10, fill: '#555' }, `${t('weeklyNote')} (${estimate.done})`));
}

function drawTable(table, data, first, second) {
  table.tHead.replaceChildren(el('tr', {}, el('th', { text: t('metric') }), el('th', { text: first }), el('th', { text: second }), el('th', { text: t('difference') })));
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const row of data.rows) {
    let mood = '';
    if (row.significant && row.higherIsBetter !== null && row.higherIsBetter !== undefined && row.difference) {
      mood = (row.difference > 0) === row.higherIsBetter ? 'better' : 'worse';
    }
    body.append(el('tr', { class: mood, 'data-metric': row.metric },
      el('td', { text: row.title }), el('td', { text: formatValue(row.baseline, row.unit) }),
      el('td', { text: formatValue(row.option, row.unit) }), el('td', { class: 'diff', text: formatDifference(row) + (row.significant ? ' *' : '') })));
  }
}

function updateLinks() {
  $('export-yaml').href = '/api/export?' + query();
  $('export-csv').href = state.baseline ? '/api/table?' + query() : '#';
  const encoded = btoa(unescape(encodeURIComponent(JSON.stringify(state.settings)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  $('share').value = `${location.origin}/?scenario=${encodeURIComponent(state.detail.id)}&s=${encoded}`;
}

function decodeShared(text) {
  const base = text.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(decodeURIComponent(escape(atob(base + '='.repeat((4 - base.length % 4) % 4)))));
}

// MARK: outcome network

function networkURL(attempt = 0) {
  const parameters = new URLSearchParams({ scenario: state.detail.id, settings: JSON.stringify(state.settings), lang: state.lang });
  if (attempt) parameters.set('attempt', String(attempt));
  return '/api/network.svg?' + parameters.toString();
}

// Loads the picture of the current settings in the page's language (cached on the server per scenario, settings
// and language); a busy server
// (429) is asked again a few times.
function drawNetwork(attempt = 0) {
  const image = $('network'), box = $('network-box');
  const url = networkURL(attempt);
  $('network-link').href = networkURL();
  $('export-network').href = networkURL();
  if (image.getAttribute('src') === url && box.dataset.state === 'done') return;
  box.dataset.state = 'loading';
  image.onload = () => { if (image.getAttribute('src') === url) box.dataset.state = 'done'; };
  image.onerror = () => {
    if (image.getAttribute('src') !== url) return;
    if (attempt < 3) { setTimeout(() => { if (image.getAttribute('src') === url) drawNetwork(attempt + 1); }, 1000); return; }
    box.dataset.state = 'error';
  };
  image.alt = t('network');
  image.setAttribute('src', url);
}

// MARK: sweeps

function buildSweepForm() {
  const kind = $('sweep-kind').value || 'sliders';
  $('sweep-kind').replaceChildren(...Object.entries(t('sweepKinds')).map(([value, text]) => el('option', { value, text })));
  $('sweep-kind').value = kind;
  if (state.detail && !$('sweep-replications').value) $('sweep-replications').value = state.detail.replications;
  if (state.detail && !$('sweep-weeks').value) $('sweep-weeks').value = state.detail.weeks;
}

async function startSweep() {
  try {
    const status = await api('/api/sweeps', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: $('sweep-kind').value, scenario: state.detail.id, settings: state.settings,
        replications: Number($('sweep-replications').value), weeks: Number($('sweep-weeks').value) }) });
    state.sweep = status.id;
    showSweep(status);
  } catch (error) { showProblem(error.message); }
}

function sweepText(status) {
  return status.state === 'running' ? t('sweepRunning')(status.finished, status.total)
    : status.state === 'done' ? t('sweepDone')(status.total)
    : status.state === 'cancelled' ? `${t('sweepCancelled')}: ${t('sweepRunning')(status.finished, status.total)}`
    : status.state === 'interrupted' ? `${t('sweepInterrupted')}: ${t('sweepRunning')(status.finished, status.total)}`
    : t('sweepFailed') + (status.message || '');
}

function showSweep(status) {
  const box = $('sweep-status');
  const wasRunning = box.dataset.state === 'running';
  box.dataset.state = status.state;
  $('sweep-progress').max = Math.max(1, status.total);
  $('sweep-progress').value = status.finished;
  $('sweep-text').textContent = sweepText(status);
  $('sweep-cancel').hidden = status.state !== 'running';
  $('sweep-start').disabled = status.state === 'running';
  $('sweep-report').hidden = !status.report;
  if (status.report) $('sweep-report').href = status.report;
  if (status.state === 'running') setTimeout(pollSweep, 500);
  if (status.state !== 'running' || !wasRunning) refreshSweeps();
}

// The sweeps the server keeps in its store, newest first: what, which scenario, how far, when, and the report.
async function refreshSweeps() {
  try {
    const list = (await api('/api/sweeps')).reverse();
    const kinds = t('sweepKinds');
    $('sweep-list').replaceChildren(...list.map((status) => {
      const when = new Date(status.started).toLocaleString(state.lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
      const item = el('li', { 'data-id': status.id, 'data-state': status.state },
        `${when} · ${kinds[status.kind] || status.kind} · ${status.scenario} · ${sweepText(status)} `);
      if (status.report) item.append(el('a', { href: status.report, target: '_blank', rel: 'noopener', text: t('sweepReport') }));
      return item;
    }));
    if (!list.length) $('sweep-list').append(el('li', { text: t('sweepNone') }));
  } catch (error) { showProblem(error.message); }
}

async function pollSweep() {
  if (!state.sweep) return;
  try { showSweep(await api('/api/sweeps/' + encodeURIComponent(state.sweep))); } catch (error) { showProblem(error.message); }
}

async function cancelSweep() {
  if (!state.sweep) return;
  try { await api('/api/sweeps/' + encodeURIComponent(state.sweep), { method: 'DELETE' }); } catch (error) { showProblem(error.message); }
}

// MARK: saved options

async function refreshSaved() {
  const options = await api('/api/options');
  const list = $('saved');
  list.replaceChildren();
  for (const select of [$('compare-a'), $('compare-b')]) select.replaceChildren();
  for (const option of options) {
    const load = el('button', { type: 'button', text: t('load') });
    load.addEventListener('click', () => selectScenario(option.scenario, structuredClone(option.settings)).catch((e) => showProblem(e.message)));
    const remove = el('button', { type: 'button', text: t('remove') });
    remove.addEventListener('click', async () => { await api('/api/options/' + option.id, { method: 'DELETE' }); refreshSaved(); });
    list.append(el('li', { 'data-id': String(option.id) }, `${option.name} (${option.scenario})`, load, remove));
    for (const select of [$('compare-a'), $('compare-b')]) select.append(el('option', { value: String(option.id), text: option.name }));
  }
  if (options.length > 1) $('compare-b').selectedIndex = options.length - 1;
}

async function save() {
  const name = $('option-name').value.trim();
  if (!name) { $('option-name').focus(); return; }
  try {
    await api('/api/options', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, scenario: state.detail.id, settings: state.settings }) });
    $('option-name').value = '';
    await refreshSaved();
  } catch (error) { showProblem(error.message); }
}

async function compare() {
  try {
    const result = await api(`/api/compare?a=${$('compare-a').value}&b=${$('compare-b').value}&lang=${state.lang}`);
    drawTable($('compare-table'), result.table, result.table.baselineLabel, result.table.optionLabel);
    $('compare-verdict').textContent = result.table.verdict;
  } catch (error) { showProblem(error.message); }
}

function exportSvg() {
  const source = new XMLSerializer().serializeToString($('praatplaat'));
  const link = el('a', { download: 'praatplaat.svg', href: URL.createObjectURL(new Blob([source], { type: 'image/svg+xml' })) });
  document.body.append(link);
  link.click();
  link.remove();
}

// MARK: start

async function start() {
  const parameters = new URLSearchParams(location.search);
  $('lang').addEventListener('click', () => { state.lang = state.lang === 'nl' ? 'en' : 'nl'; applyLanguage(); });
  $('scenario').addEventListener('change', () => selectScenario($('scenario').value).catch((e) => showProblem(e.message)));
  $('upload').addEventListener('change', () => { if ($('upload').files[0]) upload($('upload').files[0]); });
  $('add-connector').addEventListener('click', () => {
    const s = state.settings;
    let n = s.connectors.length + 1;
    while (s.connectors.some((c) => c.name === t('newConnector')(n))) n += 1;
    s.connectors.push({ name: t('newConnector')(n), neighbourhoods: [state.detail.neighbourhoods[0].name], hoursPerWeek: 36 });
    buildConnectors();
    run();
  });
  $('route').addEventListener('change', () => { state.settings.escalation.route = $('route').value; run(); });
  $('trigger').addEventListener('change', () => { state.settings.escalation.trigger = $('trigger').value; run(); });
  $('triage').addEventListener('change', () => { state.settings.triage = $('triage').value; run(); });
  $('reluctance').addEventListener('input', () => {
    state.settings.escalation.reluctance = Number($('reluctance').value);
    $('reluctance-value').textContent = number(state.settings.escalation.reluctance, 2);
    run();
  });
  $('reset').addEventListener('click', () => { state.settings = structuredClone(state.detail.settings); buildPanel(); run(); });
  $('pin').addEventListener('click', () => {
    state.baseline = structuredClone(state.settings);
    $('baseline-note').dataset.i18n = 'baselineNote';
    $('baseline-note').textContent = t('baselineNote');
    run();
  });
  $('save').addEventListener('click', save);
  $('compare').addEventListener('click', compare);
  $('export-svg').addEventListener('click', exportSvg);
  $('sweep-start').addEventListener('click', startSweep);
  $('sweep-cancel').addEventListener('click', cancelSweep);
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
  $('lang').textContent = t('english');
  buildSweepForm();
  try {
    const wanted = parameters.get('scenario');
    await loadScenarios(wanted);
    let shared = null;
    if (parameters.get('s')) { try { shared = decodeShared(parameters.get('s')); } catch (error) { showProblem('share link: ' + error.message); } }
    if ($('scenario').value) await selectScenario(wanted && shared ? wanted : $('scenario').value, shared);
    await refreshSaved();
    await refreshSweeps();
  } catch (error) { showProblem(error.message); }
}

document.addEventListener('DOMContentLoaded', start);
"""#
}
