/** In-app documentation of where this implementation deliberately differs from upstream. */
export const PROJECTION_FIX_NOTES = `# Projection validator: fixes to upstream

The five models, the four market scenarios and every published figure of TEST_RESULTS_PHASE3.md
(revenue, costs, ROI, variances, break-even, confidence, pattern, trend, market, the scores 95.0 ×4
and 79.6, "1 of 5 succeeded", "Break-even delayed (4 models)", "Low participation rate (2 models)")
are reproduced exactly. These upstream defects are fixed:

1. **Market scenario unit slip.** Upstream compared the ROI in percent with the ROI target as a
   decimal multiple, so every model above ~16 % ROI was "bull". We compare percent with percent
   (bull if actual > 1.2 × target, normal if > 0.8 ×, else bear). All five published models still
   come out "bull" because each beats its target by more than 455 %; weaker models now show
   "normal" or "bear".
2. **Token fields are read.** tokenDistributionRate, groupBuyingSavings and stakingParticipation now
   drive a token ledger (holders = active participants × distribution rate; 0.5 tokens per holder
   per week at $2; staked share earns 2 %/yr; group-buying savings = revenue × savings rate).
   Token impact is *positive* when the token value issued is backed by net profit, *negative* when
   it exceeds net profit, *neutral* when the model has no token economy (upstream could only say
   "positive"). The five published models stay positive (5 of 5).
3. **Status column.** The rankings table shows "Success" only for models that meet the success
   rule (ROI ≥ 80 % of target and break-even ≤ 120 % of target), so it agrees with the summary:
   only Community Token Pre-Order System succeeds (upstream printed ✅ for the four 95.0 scores).
4. **No shared state, no double runs.** Every run starts fresh; ranking reuses the validated
   reports (upstream ran 10 simulations for 5 models and leaked token state between them).
5. **Like-for-like figures added.** The published revenue variance compares 5-year cumulative
   revenue with a single year's target. It is kept (the scores depend on it) and labelled as such;
   the report adds year-5 (weeks 209–260) revenue against the same target, e.g. AI-Enhanced
   $191,237 vs $94,277 (+102.8 %) instead of +309.4 %.
6. **Growth pattern.** The thresholds are unchanged (mean weekly growth > 2 % exponential, > 0.5 %
   linear), so compounding at 1.25 %/week is still labelled "linear"; the report now prints the
   mean weekly growth rate next to the label. Changing the label would change the published scores.
7. **Short runs.** The profitability trend compared empty windows (NaN) for runs under 104 weeks;
   it now compares the last half with the half before.
8. **Calibration units.** Upstream copied the calibrated weekly *food budget* (~$150) into
   weeklyRevenuePerParticipant (~$0.53). Calibration now proposes household parameters for the
   simulation engine in their own units (WEEKLY_FOOD_BUDGET_AVG in $/week, shares as fractions
   0–1) and never touches business-revenue inputs. Category shares are fractions everywhere.
9. **Exports.** All CSVs are RFC 4180 (quoted when needed, quotes doubled, CRLF after every
   record, including the last); the break-even cell says "Not achieved" (never "Not achieved months").
`;
