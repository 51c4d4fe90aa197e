import { useState } from 'react';
import { applyPreset, BINS, EXACT_RUNS, METRIC_DESCRIPTIONS, PARAM_NAMES, PARAM_SPECS, PRESETS, SENSITIVITY_DOC, type ParamName } from '../../src-shared/engine';
import { useShell } from '../App';
import { sections } from '../sections';
import { metricLabel, PARAM_LABELS, paramHelp, PRESET_TESTS, VALIDATION_HELP } from './help';
import { Markdown } from './Markdown';
import { Tabs } from './Tabs';

const OVERVIEW = `## What the simulator does
PMOVES compares two economies with the **same members**, incomes and food budgets:
- **Scenario A (traditional):** every household buys food at market prices; wealth = savings in USD.
- **Scenario B (cooperative):** part of the food budget goes through the co-op, where *group buying* and *local production* lower prices; members earn **GroTokens** each week and pay a small co-op fee. Wealth B = USD + tokens × token price.

Every run is seeded and reproducible. A Monte Carlo set repeats the run with independent random streams and shows p5–p95 bands.

## Workflow
- **Simulate:** edit the 18 parameters or start from a preset, then run. Errors name the field, the value and the allowed range.
- **Analysis:** comparison cards and verdict, key metrics, charts, distribution, narrative, tables, token flows, correlations and the math check.
- **Compare:** the run history (search, rename, tag, delete with undo) and 2–4 runs side by side.
- **Monte Carlo, Sensitivity, Dashboard:** uncertainty bands, parameter effects with confidence intervals, preset math tests, the scenario runner and shock tests.`;

const MODEL = `## Each week, for each member
- Income: a weekly income drawn per member from a normal distribution (floored at the minimum income).
- Food budget: drawn per member (floored at the minimum budget). Scenario A pays the full budget.
- Scenario B: a share *p* (the member's propensity, mean \`PERCENT_SPEND_INTERNAL_AVG\`) is bought through the co-op at a discount *s* = mean of the group-buy and local-production savings; the rest is bought outside at full price; the weekly co-op fee is paid; GroTokens are earned.
- Wealth A = savings; wealth B = USD + tokens × \`GROTOKEN_USD_VALUE\`.

## Expected advantage (closed form)
Per member and week the expected gain of B over A is *s* · E[budget] · E[p] − fee + price · E[reward]. Over N members and W weeks:
- **D ≈ N × W × (s·E[budget]·E[p] − fee + price·E[reward])**, exact in expectation while members stay solvent.
- It overstates D in downturns (income barely above food costs), when members run dry.

## Metrics
Gini, poverty (wealth below 4 weeks of the average food budget), wealth gap (top 20% / bottom 20% mean), mobility and resilience are computed each week; see *Key metrics*.

## Limitations
- Prices, incomes and participation are stationary; there is no inflation, credit, or migration.
- Token price is exogenous (a parameter), not a market outcome.
- The two rule sets (reference and Next.js) differ in detail; results are comparable within one model.`;

const INTERPRET = `## Reading the results
- **B ahead of A** on average wealth with a lower Gini and poverty rate means the co-op both raises and evens out wealth.
- **Wealth difference D** grows roughly linearly with members × weeks; compare per member (D / N) across community sizes.
- **Monte Carlo bands:** if the p5–p95 band of D stays above 0, the advantage is robust to randomness in this model. With more than ${EXACT_RUNS} runs the weekly bands are estimated from ${BINS} bins per week (within one bin of the exact percentile); the final week's p5, median and p95, in the tables and at the bands' end, are exact.
- **Gini** below 0.3 is low inequality, 0.3–0.4 moderate, above 0.4 high.
- **Poverty rate:** share of members with less than four weeks of food budget in savings.

## Validation scores
- Score ≥ 90: high consistency with the closed form; 70–89 medium; below 70 low.
- Downturn presets (income/budget below 1.8) get wider thresholds: members run out of savings and the closed form overstates D.

## Sensitivity
- The **coefficient** is an elasticity: a 1% change of the parameter changes D by *coefficient* %.
- Trust an effect only when its confidence interval excludes 0.

## Caveats
These are model outputs, not forecasts. Calibrate the parameters from real data (Firefly) before drawing conclusions about a specific community.`;

/** What each section is for; the labels and Alt keys come from the section list itself. */
const SECTION_HELP: Record<string, string> = {
  simulate: 'Edit the 18 parameters or start from a preset, then run one seeded run or a Monte Carlo set.',
  analysis: 'One run in depth: A/B cards and verdict, charts, distribution, narrative, tables, token flows, math check.',
  compare: 'The run history (search, rename, tag, delete with undo) and 2–4 runs side by side.',
  sensitivity: 'Parameter effects on a final-week metric, one at a time or on a grid, with confidence intervals.',
  montecarlo: 'Many runs with independent random streams: p5–p95 bands, progress, and cancel that keeps finished runs.',
  dashboard: 'Current metrics of the latest run, the scenario runner and shock tests.',
  projections: 'The business revenue projection validator, and calibration from a CSV or a Firefly III snapshot.',
  validation: 'The validation suite (model, statistical and empirical checks) with its history and deltas.',
  firefly: 'Connect your Firefly III with a personal access token (kept outside the database), sync snapshots and calibrate.',
  dox: 'Push a run or report bundle to a PMOVES-DoX server, or do a dry run that only writes the files.',
  chain: 'Start a local Hardhat node, deploy the token contracts and mirror a simulation on chain.',
  reports: 'Export a run, a comparison or a validation report as HTML, Markdown, CSV/JSON, DOCX or PDF.',
  settings: 'Theme (light, dark or the system’s), default seed, runs and model, report folder, Firefly sync schedule.',
  docs: 'This help.',
};

const KEYBOARD = `## Everywhere
- **Alt + key** opens a section (the keys are listed above and in the navigation's tooltips).
- **Tab / Shift+Tab** move between controls; the first Tab offers *Skip to content*.
- **Arrow keys** move between tabs of a tab list (Left/Right, Home/End).
- **Escape** cancels a running job (simulation, Monte Carlo, preview, export, validation): starting one
  from the keyboard puts focus on its Cancel button, and focus returns to the button that started it.

## Simulate
- **Ctrl+Z** undoes a parameter edit; **Ctrl+Shift+Z** or **Ctrl+Y** redoes it.
- **Arrow Up/Down** in a number field steps the value; with **Shift**, ten steps.
- **Enter** in a parameter, Seed, Runs or Name runs the simulation; **Escape** there cancels it.

## Compare
- **Enter** saves a run's new name or tags.`;

const VALIDATION_TIPS: [string, string][] = [
  ['Expected D', VALIDATION_HELP.expected],
  ['Actual D', VALIDATION_HELP.actual],
  ['Error', VALIDATION_HELP.error],
  ['Threshold', VALIDATION_HELP.threshold],
  ['Score', VALIDATION_HELP.score],
];

export default function DocsView() {
  const { query } = useShell();
  const [tab, setTab] = useState(query.get('topic') ?? 'overview');
  return (
    <section aria-labelledby="docs-title">
      <h1 id="docs-title">Help</h1>
      <Tabs
        label="Documentation topics"
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'overview', label: 'Overview', render: () => <Markdown text={OVERVIEW} /> },
          { id: 'model', label: 'Mathematical model', render: () => <Markdown text={MODEL} /> },
          {
            id: 'params',
            label: 'Parameters',
            render: () => (
              <table>
                <thead><tr><th scope="col">Parameter</th><th scope="col">Name</th><th scope="col" className="num">Default</th><th scope="col">Range</th><th scope="col">Meaning</th></tr></thead>
                <tbody>
                  {PARAM_NAMES.map((p: ParamName) => (
                    <tr key={p}><th scope="row">{PARAM_LABELS[p]}</th><td><code>{p}</code></td><td className="num">{+PARAM_SPECS[p].default.toFixed(4)}</td><td>{PARAM_SPECS[p].min}–{PARAM_SPECS[p].max.toLocaleString('en-US')}</td><td className="small">{paramHelp(p)}</td></tr>
                  ))}
                </tbody>
              </table>
            ),
          },
          {
            id: 'presets',
            label: 'Presets',
            render: () => (
              <table>
                <thead><tr><th scope="col">Preset</th><th scope="col">Tags</th><th scope="col">Changes from the defaults</th><th scope="col">What it tests</th></tr></thead>
                <tbody>
                  {PRESETS.map((p) => {
                    const v = applyPreset(p.id);
                    const ch = Object.keys(p.overrides).map((k) => `${PARAM_LABELS[k as ParamName]} ${v[k as ParamName]}`).join('; ');
                    return (
                      <tr key={p.id}><th scope="row" title={p.description}>{p.name}</th><td className="small">{p.tags.join(', ')}</td><td className="small">{ch || 'none'}</td><td className="small">{PRESET_TESTS[p.id]}</td></tr>
                    );
                  })}
                </tbody>
              </table>
            ),
          },
          {
            id: 'metrics',
            label: 'Key metrics',
            render: () => (
              <>
                <table>
                  <thead><tr><th scope="col">Metric</th><th scope="col">Column</th><th scope="col">Definition</th></tr></thead>
                  <tbody>
                    {Object.entries(METRIC_DESCRIPTIONS).map(([m, d]) => (
                      <tr key={m}><th scope="row">{metricLabel(m)}</th><td><code>{m}</code></td><td className="small">{d}</td></tr>
                    ))}
                  </tbody>
                </table>
                <h2>Validation terms</h2>
                <dl className="kv">{VALIDATION_TIPS.flatMap(([k, v]) => [<dt key={`t-${k}`}>{k}</dt>, <dd key={`d-${k}`}>{v}</dd>])}</dl>
              </>
            ),
          },
          { id: 'interpret', label: 'Interpretation guide', render: () => <Markdown text={INTERPRET} /> },
          {
            id: 'sections',
            label: 'Sections and keyboard',
            render: () => (
              <>
                <table>
                  <thead><tr><th scope="col">Section</th><th scope="col">Shortcut</th><th scope="col">What it is for</th></tr></thead>
                  <tbody>
                    {sections.map((x) => (
                      <tr key={x.id}><th scope="row">{x.label}</th><td><kbd>Alt</kbd>+<kbd>{x.key.toUpperCase()}</kbd></td><td className="small">{SECTION_HELP[x.id] ?? ''}</td></tr>
                    ))}
                  </tbody>
                </table>
                <Markdown text={KEYBOARD} />
              </>
            ),
          },
          { id: 'sensitivity', label: 'Sensitivity method', render: () => <Markdown text={SENSITIVITY_DOC} /> },
        ]}
      />
    </section>
  );
}
